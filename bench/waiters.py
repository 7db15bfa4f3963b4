#!/usr/bin/env python3
"""Many CI jobs waiting on one dataset (issue 16), standard library only.

Opens WAITERS connections that each ask GET /datasets/{id}?wait=60 while the dataset is held `running`; meanwhile
asks a plain GET /datasets/{id} every 50 ms (latency) and counts the service's database connections every 200 ms
(pg_stat_activity). After HOLD seconds it marks the dataset completed and measures how long until every waiter has
its answer. Prints one line per figure.

  bench/waiters.py URL TOKEN DATASET_ID PSQL_CONNINFO [--waiters 500] [--hold 5]
"""
import argparse, asyncio, subprocess, threading, time, urllib.parse


def psql(conninfo, sql):
    return subprocess.run(["psql", conninfo, "-XAtqc", sql], capture_output=True, text=True, timeout=10)


async def get(host, port, path, token, timeout):
    """One HTTP/1.1 GET on its own connection: (status, seconds)."""
    start = time.monotonic()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout)
        await asyncio.wait_for(reader.read(), timeout)
        return int(status_line.split()[1]), time.monotonic() - start
    finally:
        writer.close()


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else float("nan")


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url"); ap.add_argument("token"); ap.add_argument("dataset", type=int); ap.add_argument("conninfo")
    ap.add_argument("--waiters", type=int, default=500); ap.add_argument("--hold", type=float, default=5)
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.url)
    db = psql(a.conninfo, "SELECT current_database()").stdout.strip()

    # Held running under a lease nobody renews or claims for an hour: only this script changes it.
    psql(a.conninfo, f"UPDATE datasets SET status = 'running', lease_owner = 'bench', lease_expires_at = now() + interval '1 hour' WHERE dataset_id = {a.dataset}")

    max_connections, refused, stop = [0], [0], threading.Event()

    def sample():
        while not stop.is_set():
            r = psql(a.conninfo, f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}' AND pid <> pg_backend_pid()")
            if r.returncode == 0 and r.stdout.strip().isdigit():
                max_connections[0] = max(max_connections[0], int(r.stdout))
            else:
                refused[0] += 1
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True); sampler.start()

    answered_at = {}

    async def waiter(i):
        try:
            status, _ = await get(u.hostname, u.port, f"/datasets/{a.dataset}?wait=60", a.token, 90)
        except Exception as e:  # refused, reset, timed out
            status = type(e).__name__
        answered_at[i] = (status, time.monotonic())

    tasks = [asyncio.create_task(waiter(i)) for i in range(a.waiters)]
    plain, plain_errors = [], 0
    until = time.monotonic() + a.hold
    await asyncio.sleep(2)  # let the waiters arrive and make their first read
    while time.monotonic() < until:
        try:
            status, seconds = await get(u.hostname, u.port, f"/datasets/{a.dataset}", a.token, 30)
            if status == 200: plain.append(seconds)
            else: plain_errors += 1
        except Exception:
            plain_errors += 1
        await asyncio.sleep(0.05)
    early = len(answered_at)
    # The change counts from its commit: psql's own start-up on a busy machine is no part of it. The second statement
    # runs right after the first one's commit and reports the database's clock, which is this machine's.
    r = subprocess.run(["psql", a.conninfo, "-XAtq",
                        "-c", f"UPDATE datasets SET status = 'completed', lease_owner = NULL, lease_expires_at = NULL WHERE dataset_id = {a.dataset}",
                        "-c", "SELECT extract(epoch FROM clock_timestamp())"], capture_output=True, text=True, timeout=30)
    changed = time.monotonic() - (time.time() - float(r.stdout.split()[-1]))
    await asyncio.gather(*tasks)
    stop.set(); sampler.join()

    statuses = {}
    for status, _ in answered_at.values(): statuses[status] = statuses.get(status, 0) + 1
    late = [t - changed for (s, t) in answered_at.values() if t >= changed]
    print(f"waiters: {a.waiters}, answers {dict(sorted(statuses.items(), key=str))}, {early} answered before the change")
    print(f"all waiters answered {1000 * max(late) if late else float('nan'):.0f} ms after the change (median {1000 * pct(late, 0.5):.0f} ms)")
    print(f"service database connections: at most {max_connections[0]}" + (f" (psql refused {refused[0]} times)" if refused[0] else ""))
    print(f"plain GET meanwhile: {len(plain)} answered, median {1000 * pct(plain, 0.5):.0f} ms, p99 {1000 * pct(plain, 0.99):.0f} ms, "
          f"max {1000 * max(plain) if plain else float('nan'):.0f} ms, {plain_errors} failed")


asyncio.run(main())
