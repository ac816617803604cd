"""Voucher and ledger benchmarks (run by hand; results in docs/benchmarks.md).

  .venv/bin/python bench/vouchers.py redeem  --db postgres --clients 16 --orders 4000
  .venv/bin/python bench/vouchers.py verify  --db postgres --events 1000000
  .venv/bin/python bench/vouchers.py proofs  --db postgres            (after `verify` built the 1M log)

`redeem`: redemptions per second through services.voucher_redeem (row locks, conditional UPDATE, unique
redemption, audit row and the ledger append with its Merkle nodes), from N concurrent clients, each with
its own connection and its own vouchers, all appending to the one ledger.
`verify`: bulk-loads N synthetic ledger events (real payloads, leaf hashes and nodes, as ledger_append
writes them) and times `ledger verify` over them.
`proofs`: inclusion proofs from the database (generation) and their verification (pure Python).
Uses a dedicated database (innozone_bench_vouchers / var/bench/vouchers.sqlite3), wiped first.
"""

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import benchdb  # noqa: E402


def configure(db: str, wipe: bool) -> None:
    benchdb.configure(db, "vouchers", wipe=wipe)


def machine() -> str:
    return f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


# ---------------------------------------------------------------- redeem


def prepare_orders(clients: int, orders: int):
    """Seed the demo, then per client one voucher and orders/clients confirmed orders (bulk, not timed)."""
    from django.db import transaction
    from django.utils import timezone

    from innozone.core.models import Organization, Region, User
    from innozone.plans.demo import seed_demo
    from innozone.vouchers import demo as voucher_demo
    from innozone.vouchers import services
    from innozone.vouchers.models import Application, Order, Scheme, Voucher

    seed_demo(with_reports=False)
    voucher_demo.seed(with_activity=False)
    scheme = Scheme.objects.get(name=voucher_demo.SCHEME_NAME)
    per = orders // clients
    Scheme.objects.filter(pk=scheme.pk).update(budget=Decimal("1000000000"), per_enterprise_cap=Decimal("100000000"))
    office = User.objects.get(username="office")
    provider_user = User.objects.get(username="provider")
    item = provider_user.organization.provider.items.first()
    region = Region.objects.get(code="lzgx")
    plan = []
    for c in range(clients):
        org, _ = Organization.objects.get_or_create(
            name=f"基准企业{c:02d}", defaults={"kind": "enterprise", "region": region, "flags": ["科技型中小企业"]}
        )
        user, _ = User.objects.get_or_create(
            username=f"bench{c:02d}", defaults={"role": "enterprise", "organization": org}
        )
        with transaction.atomic():
            application = Application.objects.create(
                scheme=scheme,
                enterprise=org,
                amount=Decimal(per * 400),
                purpose="基准",
                category=item.category,
                submitted_by=user,
            )
            voucher = services.voucher_issue(actor=office, application=application)
        now = timezone.now()
        Order.objects.bulk_create(
            Order(
                number=f"BENCH{c:02d}{i:06d}",
                voucher=voucher,
                provider=item.provider,
                item=item,
                price_total=Decimal("800"),
                voucher_amount=Decimal("400"),
                status=Order.Status.CONFIRMED,
                delivered_at=now,
                confirmed_at=now,
            )
            for i in range(per)
        )
        Voucher.objects.filter(pk=voucher.pk).update(reserved=Decimal(per * 400))
        plan.append(list(Order.objects.filter(voucher=voucher).order_by("pk")))
    return provider_user, plan


def _client(order_ids, provider_user_id, start, queue):
    """One client process: its own connection, its own orders, redeemed one after another."""
    from django.db import connections

    from innozone.core.models import User
    from innozone.vouchers import services
    from innozone.vouchers.models import Order

    connections.close_all()  # never share the parent's connection after fork
    actor = User.objects.select_related("organization").get(pk=provider_user_id)
    orders = list(Order.objects.filter(pk__in=order_ids).order_by("pk"))
    latencies, errors = [], 0
    start.wait()
    for order in orders:
        t0 = time.perf_counter()
        try:
            services.voucher_redeem(actor=actor, order=order)
        except Exception:
            errors += 1
        latencies.append(time.perf_counter() - t0)
    queue.put((latencies, errors))


def bench_redeem(args):
    """Clients are processes (as gunicorn workers would be), not threads sharing one GIL."""
    import multiprocessing as mp

    from django.db import connections

    from innozone.ledger.verify import verify
    from innozone.vouchers.models import Redemption

    provider_user, plan = prepare_orders(args.clients, args.orders)
    connections.close_all()
    ctx = mp.get_context("fork")
    start, queue = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=_client, args=([o.pk for o in orders], provider_user.pk, start, queue)) for orders in plan
    ]
    for p in procs:
        p.start()
    time.sleep(2)  # let every client connect and load its orders
    t0 = time.perf_counter()
    start.set()
    results = [queue.get() for _ in procs]
    elapsed = time.perf_counter() - t0
    for p in procs:
        p.join()
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    done = Redemption.objects.count()
    print(
        f"{done} redemptions by {args.clients} client processes in {elapsed:.2f} s: {done / elapsed:.0f}/s; "
        f"latency p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms; errors {errors}"
    )
    report = verify()
    print(f"ledger after the run: {report.entries} entries, verify ok={report.ok}")


# ---------------------------------------------------------------- verify over 1M events


def load_events(n: int) -> None:
    """Write n ledger events exactly as ledger_append would (payload, leaf, nodes, state), in bulk."""
    from django.db import connection, transaction
    from django.utils import timezone

    from innozone.ledger import merkle
    from innozone.ledger.models import LedgerEntry, LedgerNode, LedgerState
    from innozone.ledger.services import canonical

    frontier = merkle.Frontier()
    now = timezone.now()
    batch, nodes = [], []
    t0 = time.perf_counter()
    for i in range(n):
        body = {
            "index": i,
            "kind": "voucher.redeem",
            "at": (now + dt.timedelta(microseconds=i)).isoformat(),
            "subject": f"bench.Event:{i}",
            "data": {"order": f"DD{i:08d}", "amount": "400.00"},
        }
        payload = canonical(body)
        leaf = merkle.leaf_hash(payload)
        nodes += [LedgerNode(level=x.level, index=x.index, hash=x.hash) for x in frontier.append(leaf) if x.level]
        batch.append(
            LedgerEntry(
                index=i,
                kind="voucher.redeem",
                subject_type="bench.Event",
                subject_id=i,
                payload=payload.decode(),
                leaf_hash=leaf,
                created_at=now,
            )
        )
        if len(batch) == 20_000:
            with transaction.atomic():
                LedgerEntry.objects.bulk_create(batch)
                LedgerNode.objects.bulk_create(nodes)
            batch, nodes = [], []
            print(f"  loaded {i + 1:,}", end="\r", flush=True)
    with transaction.atomic():
        LedgerEntry.objects.bulk_create(batch)
        LedgerNode.objects.bulk_create(nodes)
        LedgerState.objects.update_or_create(id=1, defaults={"size": frontier.size, "frontier": frontier.to_hex()})
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM (ANALYZE) ledger_ledgerentry")
            c.execute("VACUUM (ANALYZE) ledger_ledgernode")
    print(f"loaded {n:,} events in {time.perf_counter() - t0:.1f} s (not part of the measurement)")


def bench_verify(args):
    from innozone.ledger.services import head_sign_current
    from innozone.ledger.verify import verify

    load_events(args.events)
    head_sign_current()
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        report = verify()
        times.append(time.perf_counter() - t0)
        assert report.ok, report.problems[:3]
    print(
        f"ledger verify over {report.entries:,} events: {min(times):.1f} s best, "
        f"{statistics.median(times):.1f} s median of {args.repeat}"
    )


def bench_proofs(args):
    import random

    from innozone.ledger import merkle, selectors

    size = selectors.tree_size()
    root = selectors.root_at(size)
    rng = random.Random(1)
    gen, ver = [], []
    for _ in range(args.samples):
        index = rng.randrange(size)
        t0 = time.perf_counter()
        proof = selectors.inclusion(index, size)
        t1 = time.perf_counter()
        ok = merkle.verify_inclusion(
            bytes.fromhex(proof["leaf_hash"]), index, size, [bytes.fromhex(h) for h in proof["audit_path"]], root
        )
        t2 = time.perf_counter()
        assert ok
        gen.append(t1 - t0)
        ver.append(t2 - t1)
    cons = []
    for _ in range(20):
        old = rng.randrange(1, size)
        t0 = time.perf_counter()
        selectors.consistency(old, size)
        cons.append(time.perf_counter() - t0)
    print(
        f"tree size {size:,}: inclusion proof from the database p50 {statistics.median(gen) * 1000:.2f} ms, "
        f"max {max(gen) * 1000:.2f} ms; verification p50 {statistics.median(ver) * 1e6:.0f} µs; "
        f"consistency proof p50 {statistics.median(cons) * 1000:.2f} ms ({args.samples} / 20 samples)"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("case", choices=["redeem", "verify", "proofs"])
    ap.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--orders", type=int, default=4000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--samples", type=int, default=200)
    args = ap.parse_args()
    print(f"machine: {machine()}; database: {args.db}; {dt.date.today()}")
    configure(args.db, wipe=args.case != "proofs")
    {"redeem": bench_redeem, "verify": bench_verify, "proofs": bench_proofs}[args.case](args)


if __name__ == "__main__":
    main()
