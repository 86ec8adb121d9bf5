"""``python -m deploy.demo.campaign``: put the demo district in the middle of its campaign (once; never in
production). ``make seed`` runs it after the registry, inspection and gateway seeds."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
import traceback

from . import CAMPAIGN_NAME, DEMO_RECEIPT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.demo.campaign", description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="log every step of the story")
    args = parser.parse_args(argv)
    if os.environ.get("ELDERSAFE_ENVIRONMENT") == "production":
        print("refusing to play the demo campaign in production", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not args.verbose:
        # The services log every notification they queue and SMS they would send; the story's summary is enough.
        logging.getLogger("eldersafe").setLevel(logging.WARNING)
        logging.getLogger("eldersafe.demo").setLevel(logging.INFO)
    started = time.perf_counter()
    from .inprocess import Platform
    from .runner import run

    started_story: list[bool] = []

    async def play() -> dict[str, int] | None:
        async with Platform() as platform:
            scene = await run(platform, started=lambda: started_story.append(True))
            return None if scene is None else scene.counts

    try:
        counts = asyncio.run(play())
    except Exception:
        traceback.print_exc()
        if started_story:
            print("demo campaign: the story stopped half-way (above); the database holds part of it and the next run "
                  "would find the campaign and do nothing: `make clean && make run` starts afresh.", file=sys.stderr)
        else:
            print("demo campaign: failed before the story began (above); nothing was written.", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    if counts is None:
        print(f"demo campaign: already there ({CAMPAIGN_NAME}); nothing done ({seconds:.1f} s)")
        return 0
    summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
    print(f"demo campaign: {CAMPAIGN_NAME} seeded in {seconds:.1f} s ({summary}); "
          f"demo receipt {DEMO_RECEIPT} (tip page: /tip)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
