namespace Akinon.Loyalty.Testing.Model;

/// <summary>Thrown when a ledger did something other than the reference model says it must.</summary>
internal sealed class ModelDifferenceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelDifferenceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What differed.</param>
    public ModelDifferenceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What differed.</param>
    /// <param name="innerException">The failed assertion.</param>
    public ModelDifferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
