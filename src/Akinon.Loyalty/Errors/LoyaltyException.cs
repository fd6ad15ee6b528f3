namespace Akinon.Loyalty;

/// <summary>
/// The one exception the library throws for an expected business outcome (insufficient funds, an unknown
/// account, a refund larger than the payment, …). <see cref="Code"/> is stable and machine-readable;
/// <see cref="Exception.Message"/> is for people. When this exception is thrown, nothing was written.
/// </summary>
/// <remarks>Programming errors (a <see langword="null"/> request object) still throw the usual
/// <see cref="ArgumentNullException"/>.</remarks>
public sealed class LoyaltyException : Exception
{
    /// <summary>Creates an exception with a code and a message a person understands.</summary>
    /// <param name="code">The stable reason.</param>
    /// <param name="message">What went wrong, in plain words.</param>
    public LoyaltyException(LoyaltyErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates an exception with a code, a message and the exception that caused it.</summary>
    /// <param name="code">The stable reason.</param>
    /// <param name="message">What went wrong, in plain words.</param>
    /// <param name="innerException">The underlying cause.</param>
    public LoyaltyException(LoyaltyErrorCode code, string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The stable, machine-readable reason.</summary>
    public LoyaltyErrorCode Code { get; }
}
