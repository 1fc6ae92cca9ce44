#!/usr/bin/env python3
"""cdp_probe.py: opens an HTML file in headless Chromium and reports what a person would see go wrong.

    cdp_probe.py PAGE[#FRAGMENT] PROBE_JS [SCREENSHOT_PNG]

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: no port, no packages
beyond the standard library). After the page's load event it evaluates PROBE_JS, an expression that
returns a JSON object of facts (it may click and hover first), then, if asked, saves a screenshot of
the whole page. Prints one `key=value` line per fact (newlines in values become ' / '), then
`console_errors=N` (exceptions, console.error/warn, error log entries) and `network_requests=N`
(requests for anything but file: and data: URLs), each error also on stderr. Exit 0 when the page
loaded and the probe ran; 1 otherwise."""
import base64
import fcntl
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT = 60
WIDTH = 1400


class Browser:
    def __init__(self, profile):
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()

        # Chromium reads commands on fd 3 and writes replies on fd 4. The pipes are first copied above
        # 10, so that placing one cannot overwrite the other.
        def wire_fds():
            commands = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            replies = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(commands, 3)
            os.dup2(replies, 4)

        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--remote-debugging-pipe", "--user-data-dir=" + profile, "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire_fds, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.out, self.inp = to_chrome_w, from_chrome_r
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.deadline = time.monotonic() + TIMEOUT

    def _read_message(self):
        while b"\0" not in self.buffer:
            if time.monotonic() > self.deadline:
                raise TimeoutError("no answer from chromium within %d s" % TIMEOUT)
            chunk = os.read(self.inp, 1 << 16)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, session=None, **params):
        self.next_id += 1
        request = {"id": self.next_id, "method": method, "params": params}
        if session:
            request["sessionId"] = session
        os.write(self.out, json.dumps(request).encode() + b"\0")
        while True:
            message = self._read_message()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message["result"]
            self.events.append(message)

    def wait_event(self, method):
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            message = self._read_message()
            if message.get("method") == method:
                return message
            self.events.append(message)

    def close(self):
        try:
            self.call("Browser.close")
        except (EOFError, RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def problems(events):
    """Console errors and network requests among the events seen."""
    errors, requests = [], []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            errors.append(details.get("exception", {}).get("description") or details.get("text"))
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
            errors.append("console.%s: %s" % (params["type"], " ".join(str(a.get("value", a.get("description")))
                                                                      for a in params["args"])))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append("log: " + params["entry"]["text"])
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(("file:", "data:", "about:")):
                requests.append(url)
    return errors, requests


def probe(page, probe_js, screenshot):
    profile = tempfile.mkdtemp(prefix="heapwatch-chromium.")
    browser = Browser(profile)
    try:
        target = browser.call("Target.createTarget", url="about:blank")["targetId"]
        session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(domain + ".enable", session)
        browser.call("Emulation.setDeviceMetricsOverride", session, width=WIDTH, height=1000, deviceScaleFactor=1,
                     mobile=False)
        path, hash_mark, fragment = page.partition("#")
        url = pathlib.Path(os.path.abspath(path)).as_uri() + hash_mark + fragment
        browser.call("Page.navigate", session, url=url)
        browser.wait_event("Page.loadEventFired")
        result = browser.call("Runtime.evaluate", session, expression=probe_js, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError("probe failed: " + result["exceptionDetails"].get("exception", {}).get(
                "description", result["exceptionDetails"]["text"]))
        facts = json.loads(result["result"]["value"])
        if screenshot:
            height = browser.call("Runtime.evaluate", session, expression="document.documentElement.scrollHeight",
                                  returnByValue=True)["result"]["value"]
            browser.call("Emulation.setDeviceMetricsOverride", session, width=WIDTH, height=height,
                         deviceScaleFactor=1, mobile=False)
            shot = browser.call("Page.captureScreenshot", session, format="png")
            with open(screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        # Let late messages (errors raised by the probe's clicks) arrive before counting.
        browser.call("Runtime.evaluate", session, expression="0")
        return facts, problems(browser.events)
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    with open(sys.argv[2]) as f:
        probe_js = f.read()
    try:
        facts, (errors, requests) = probe(sys.argv[1], probe_js, sys.argv[3] if len(sys.argv) == 4 else None)
    except (OSError, EOFError, RuntimeError, TimeoutError, ValueError, KeyError) as e:
        print("cdp_probe: %s" % e, file=sys.stderr)
        return 1
    for key in sorted(facts):
        print("%s=%s" % (key, str(facts[key]).replace("\n", " / ")))
    for error in errors:
        print("console error: " + error, file=sys.stderr)
    for url in requests:
        print("network request: " + url, file=sys.stderr)
    print("console_errors=%d" % len(errors))
    print("network_requests=%d" % len(requests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
