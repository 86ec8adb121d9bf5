"""Container health: this process answers ``/healthz`` and reaches its own database.

``/healthz`` answers 200 even when degraded, so the status code alone would call a broken container
healthy. Judging ``database`` rather than ``status`` keeps one container's health its own: the gateway's
``status`` also turns degraded when any service is down, which is not the gateway's fault.
Standard library only: it runs inside the slim image.
"""

import json
import os
import sys
import urllib.request


def main() -> int:
    url = f"http://127.0.0.1:{int(os.environ.get('HEALTHCHECK_PORT', '8000'))}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=4) as response:
            body = json.load(response)
    except Exception as exc:  # any failure means unhealthy; the message shows in `docker inspect`
        print(f"unhealthy: {exc}")
        return 1
    database = body.get("database") if isinstance(body, dict) else None
    print(f"{url}: status={body.get('status') if isinstance(body, dict) else None} database={database}")
    return 0 if database == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
