using Npgsql;
using Tdmp.Features.Datasets;

namespace Tdmp.Tests.Features.Datasets;

/// <summary>The node's registry of waiting requests, on its own: which messages wake whom.</summary>
public sealed class DatasetWaitersTests
{
    /// <summary>These tests never read a dataset, so the data source is never opened.</summary>
    private static DatasetWaiters NewWaiters() => new(NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=unused"));

    [Fact]
    public async Task Final_status_wakes_every_waiter_of_that_dataset_and_no_other()
    {
        var waiters = NewWaiters();
        using var first = waiters.Start(7);
        using var second = waiters.Start(7);
        using var other = waiters.Start(8);

        waiters.Received("7:running");
        Assert.False(first.Finished.IsCompleted);

        waiters.Received("7:completed");
        Assert.True(first.Finished.IsCompleted && second.Finished.IsCompleted);
        Assert.Equal("completed", await first.Finished);
        Assert.Equal("completed", await second.Finished);
        Assert.False(other.Finished.IsCompleted);
        Assert.Equal([8L], waiters.WaitedOn());
    }

    [Fact]
    public async Task Deletion_wakes_waiters_with_deleted_and_malformed_messages_are_ignored()
    {
        var waiters = NewWaiters();
        using var watch = waiters.Start(12);
        waiters.Received("garbage");
        waiters.Received("12");
        waiters.Received(":completed");
        Assert.False(watch.Finished.IsCompleted);
        waiters.Received("12:deleted");
        Assert.True(watch.Finished.IsCompleted);
        Assert.Equal(DatasetWaiters.Deleted, await watch.Finished);
    }

    [Fact]
    public void A_waiter_that_leaves_is_forgotten_and_a_new_one_after_a_wake_waits_afresh()
    {
        var waiters = NewWaiters();
        var leaving = waiters.Start(3);
        leaving.Dispose();
        Assert.Empty(waiters.WaitedOn());

        using var early = waiters.Start(3);
        waiters.Received("3:failed");
        using var late = waiters.Start(3);
        Assert.True(early.Finished.IsCompleted);
        Assert.False(late.Finished.IsCompleted);
        Assert.Equal([3L], waiters.WaitedOn());
    }
}
