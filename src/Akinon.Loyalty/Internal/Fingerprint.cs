using System.Globalization;
using System.Text;

namespace Akinon.Loyalty.Internal;

/// <summary>The canonical text of a request, stored with its idempotency key and compared on replays.</summary>
internal static class Fingerprint
{
    public static string Of(params object?[] parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (text.Length > 0)
            {
                text.Append('|');
            }

            switch (part)
            {
                case null:
                    text.Append('-');
                    break;
                case string s:
                    // Length-prefixed, so no value can imitate a separator.
                    text.Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s);
                    break;
                case IFormattable f:
                    text.Append(f.ToString(null, CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(part);
                    break;
            }
        }

        return text.ToString();
    }
}
