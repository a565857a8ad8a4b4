"""Fifty clients at once: no lost updates, no torn lists."""

from __future__ import annotations

import threading
from collections import Counter

import httpx

from pos_app.simulator import SimulatorServer

THREADS = 50
PER_THREAD = 2


def test_fifty_concurrent_clients(simulator: SimulatorServer) -> None:
    with httpx.Client(base_url=simulator.url, auth=("sk_test_setup_key_000", "")) as setup:
        shared = setup.post("/v1/terminal/readers", data={"registration_code": "simulated-wpe"})
        shared_id = shared.json()["id"]
    errors: list[str] = []
    created: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def worker(index: int) -> None:
        key = f"sk_test_worker_{index:04d}"
        try:
            with httpx.Client(base_url=simulator.url, auth=(key, ""), timeout=30) as client:
                barrier.wait()
                for round_ in range(PER_THREAD):
                    made = client.post(
                        "/v1/terminal/readers",
                        data={"registration_code": "simulated-s700", "label": f"w{index}"},
                    )
                    update = client.post(
                        f"/v1/terminal/readers/{shared_id}",
                        data={f"metadata[w{index}]": str(round_)},
                    )
                    listing = client.get("/v1/terminal/readers", params={"limit": 100})
                    if made.status_code != 200 or update.status_code != 200:
                        errors.append(f"{made.status_code} {update.status_code}")
                    if listing.status_code != 200 or listing.json()["object"] != "list":
                        errors.append(f"list {listing.status_code}")
                    with lock:
                        created.append(made.json()["id"])
        except Exception as error:  # reported below, not swallowed
            errors.append(repr(error))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors[:5]
    assert len(set(created)) == THREADS * PER_THREAD
    readers = simulator.state.readers
    assert len(readers) == THREADS * PER_THREAD + 1
    assert Counter(r.label for r in readers.values() if r.id != shared_id) == {
        f"w{i}": PER_THREAD for i in range(THREADS)
    }
    assert readers[shared_id].metadata == {f"w{i}": str(PER_THREAD - 1) for i in range(THREADS)}
    stats = simulator.stats()
    assert stats["total"] == 1 + THREADS * PER_THREAD * 3
    assert len(stats["by_key"]) == THREADS + 1
