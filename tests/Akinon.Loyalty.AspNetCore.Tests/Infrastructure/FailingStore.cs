using System.Reflection;
using Akinon.Loyalty.Storage;

namespace Akinon.Loyalty.AspNetCore.Tests.Infrastructure;

/// <summary>An <see cref="ILedgerStore"/> that serves from an in-memory store until <see cref="Failure"/> names an exception for a call.</summary>
public class FailingStore : DispatchProxy
{
    private ILedgerStore _inner = null!;

    /// <summary>Given the store method about to be called, the exception it throws instead, or null to serve it.</summary>
    public Func<MethodInfo, Exception?> Failure { get; set; } = static _ => null;

    public static FailingStore Create(out ILedgerStore store)
    {
        store = Create<ILedgerStore, FailingStore>();
        var proxy = (FailingStore)(object)store;
        proxy._inner = new InMemoryLedgerStore();
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (Failure(targetMethod) is { } failure)
        {
            throw failure;
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
