using System.Globalization;
using System.Runtime.CompilerServices;

namespace Akinon.Loyalty.Internal;

/// <summary>
/// The canonical text of a request, stored with its idempotency key and compared on replays. Written as an
/// interpolated string (<c>Fingerprint.Of($"transfer|{source}|{destination}|{amount}")</c>): numbers are
/// formatted invariantly, text is length-prefixed so no value can imitate a separator, and
/// <see langword="null"/> is <c>-</c>. Nothing is boxed.
/// </summary>
internal static class Fingerprint
{
    public static string Of([InterpolatedStringHandlerArgument] ref Handler text) => text.ToStringAndClear();

    [InterpolatedStringHandler]
    internal ref struct Handler
    {
        private DefaultInterpolatedStringHandler _inner;

        public Handler(int literalLength, int formattedCount)
        {
            _inner = new DefaultInterpolatedStringHandler(literalLength + (formattedCount * 8), formattedCount, CultureInfo.InvariantCulture);
        }

        public void AppendLiteral(string value) => _inner.AppendLiteral(value);

        public void AppendFormatted(string? value)
        {
            if (value is null)
            {
                _inner.AppendLiteral("-");
                return;
            }

            _inner.AppendFormatted(value.Length);
            _inner.AppendLiteral(":");
            _inner.AppendLiteral(value);
        }

        public void AppendFormatted(long? value)
        {
            if (value is { } number)
            {
                _inner.AppendFormatted(number);
            }
            else
            {
                _inner.AppendLiteral("-");
            }
        }

        public void AppendFormatted(bool value) => _inner.AppendLiteral(value ? "1" : "0");

        public void AppendFormatted(bool? value) => _inner.AppendLiteral(value is { } flag ? (flag ? "1" : "0") : "-");

        public void AppendFormatted(Guid value) => _inner.AppendFormatted(value);

        public string ToStringAndClear() => _inner.ToStringAndClear();
    }
}
