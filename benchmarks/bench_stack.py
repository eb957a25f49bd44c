"""Load test of the production-like stack (`make bench-stack`): nginx over HTTPS in front of two app nodes,
the worker, PostgreSQL and Redis, with the demo data; only 127.0.0.1.

The stack is tests/deploy/stack.py's: PostgreSQL (BENCH_DATABASE_URL, recreated), Redis (BENCH_REDIS_URL,
flushed), node A started by `make serve`'s script with the worker, node B, nginx with the shipped site; ports
from TEST_PORT_RANGE or free ones. Each client is a thread with two browsers, one anonymous and one logged in as
`kit`. The mix: the public plan page; the steering list and a measure page; the draft paper's PDF (kit) and a
released one (public); a survey response; a KIT save of a measure in the admin.

The phases (BENCH_SECONDS each, 60 by default):
- 20 clients offering the mix at 62 HTTP requests/s in total (50 actions/s: a survey response and a save are
  two requests each; the target is 60), each client at its share of the rate (an open load, as many people
  arriving, not a loop of one person clicking as fast as possible). Each client is a browser with up to 6
  connections: an action due while earlier ones still wait goes out on another, and every time is counted from
  when the action was due, so a slow stack shows in the times instead of lowering the load (no "coordinated
  omission").
- 50 clients without a pause: the mix as fast as the stack answers, its capacity and its behaviour when
  overloaded.
- The public plan page alone, 20 clients at 150 requests/s; survey submissions alone, 20 clients at 100/s.
- 20 clients at 62 requests/s once more, while the worker runs a 5,000-row import job and 10 renders of
  VO/2025/246.
Each prints actions/s and HTTP requests/s, p50/p95/p99 per kind, errors and lost writes (every accepted survey
response and save must be in the database afterwards) beside the targets, and the CPU time each part of the
stack used (the load client included). It never fails on speed.
"""

import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.deploy.browser import Browser  # noqa: E402
from tests.deploy.stack import Stack, empty_stores, load_demo, query, stack_environment  # noqa: E402
from tests.integration_portal.production_node import manage  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", 60))
# gunicorn processes per node: the config's 2 per CPU + 1 is for a machine of its own; two nodes share these 2 cores.
WORKERS = os.environ.get("BENCH_WORKERS", "4")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/integration_portal_stack_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# kind: (share of the mix, is a page). The shares follow who uses a district's portal: residents read the plan,
# released papers and answer the survey; the steering group and the committees work in the workspace and read
# drafts; a few KIT staff edit. PDF downloads and writes have targets of their own.
MIX = {
    "plan page (public)": (35, True),
    "steering list": (10, True),
    "measure page": (10, True),
    "PDF draft": (8, False),
    "PDF released": (12, False),
    "survey submission": (22, False),
    "KIT save": (3, False),
}
TARGETS = (
    "targets: 0 errors, 0 lost writes; 20 clients >= 60 req/s with page p95 <= 500 ms; "
    "public plan page >= 150 req/s; PDF p95 <= 50 ms; survey >= 100 submissions/s"
)
# A survey response and a save are two HTTP requests (the form, then the POST); every other action one. The
# target is 60 HTTP requests/s: the mix is offered at the actions/s that make 62 of them, so that the random
# order of kinds in 60 s carries at least 60.
TWO_REQUESTS = ("survey submission", "KIT save")
MIX_REQUESTS = 62
MIX_ACTIONS = round(MIX_REQUESTS / (1 + sum(MIX[kind][0] for kind in TWO_REQUESTS) / 100))
MIX_TITLE = f"mix, 20 clients at {MIX_REQUESTS} HTTP requests/s ({MIX_ACTIONS} actions/s)"
# (title, clients, kinds, actions per second in total or None for no pause)
PHASES = [
    (MIX_TITLE, 20, list(MIX), MIX_ACTIONS),
    ("mix, 50 clients without a pause", 50, list(MIX), None),
    # Offered a tenth above their targets (150 and 100/s): what the stack answers shows whether it keeps up.
    ("public plan page alone, 20 clients offering 165/s", 20, ["plan page (public)"], 165),
    ("survey alone, 20 clients offering 110 submissions/s", 20, ["survey submission"], 110),
]
BUSY_PHASE = (f"{MIX_TITLE}, worker busy with a 5,000-row import and 10 renders", 20, list(MIX), MIX_ACTIONS)


# Answers that are not errors: a PDF being made leads to its job page; with more clients than measures two may
# save the same one, and the later save is shown the edit conflict.
CONFLICT = "jetzt gespeichert"  # a line of the admin's edit-conflict message
EXPECTED = {
    ("PDF draft", 302): "302 to the job page: being made",
    ("PDF released", 302): "302 to the job page: being made",
    ("KIT save", "conflict"): "edit conflict shown",
}


# A paced client is a browser: up to this many connections at once, as browsers open per site. An action that
# falls due while earlier ones still wait goes out on another connection, so a slow save does not hold back
# the page views due after it: arrivals do not wait for answers, as with many people arriving.
CONNECTIONS = 6


class Client(threading.Thread):
    def __init__(self, number, port, demo, start, results, *, kinds, interval, seconds):
        super().__init__(daemon=True)
        self.number, self.port, self.demo, self.start_line, self.results = number, port, demo, start, results
        self.kinds, self.interval, self.seconds = kinds, interval, seconds
        # An anonymous visitor and `kit`, each with one cookie jar for all their connections.
        self.cookies = {"public": {}, "kit": {}}
        self.connections, self.own, self.lock = [], threading.local(), threading.Lock()
        self.random = random.Random(number)  # noqa: S311 - a reproducible mix, no secret
        self.measure = demo["measures"][number % len(demo["measures"])]
        self.saves = []

    def browser(self, who):
        """The calling thread's connection of the visitor's or kit's browser."""
        found = getattr(self.own, who, None)
        if found is None:
            found = Browser(self.port)
            found.cookies = self.cookies[who]
            setattr(self.own, who, found)
            with self.lock:
                self.connections.append(found)
        return found

    @property
    def public(self):
        return self.browser("public")

    @property
    def kit(self):
        return self.browser("kit")

    def run(self):
        assert self.kit.log_in("kit").status == 302
        # The clock starts once every client has logged in (a deliberately slow password hash each).
        self.start_line.wait()
        sent_before = sum(connection.sent for connection in self.connections)
        weights = [MIX[kind][0] for kind in self.kinds]
        pool = ThreadPoolExecutor(CONNECTIONS) if self.interval else None
        begin = time.perf_counter()
        # Paced clients start spread over one interval, so that the requests do not arrive in waves.
        due = begin + (self.interval * self.random.random() if self.interval else 0)
        while due < begin + self.seconds:
            time.sleep(max(0, due - time.perf_counter()))
            kind = self.random.choices(self.kinds, weights)[0]
            if pool:
                pool.submit(self.act, kind, due)
                due += self.interval
            else:  # without a pause: the next action once this one is answered
                self.act(kind, due)
                due = time.perf_counter()
        if pool:
            pool.shutdown(wait=True)
        self.sent = sum(connection.sent for connection in self.connections) - sent_before
        for connection in self.connections:
            connection.close()

    def act(self, kind, due):
        try:
            ok = self.do(kind)
        except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the client
            ok = f"{type(error).__name__}"
        # From when the action was due: a stack that falls behind shows in the times.
        self.results.append((kind, time.perf_counter() - due, ok))

    def do(self, kind):
        """True when the answer is what the user expects, else its status (302 for a PDF: being made)."""
        demo = self.demo
        if kind == "plan page (public)":
            status = self.public.get(f"/districts/{demo['district']}/plans/{demo['plan']}/").status
        elif kind == "steering list":
            status = self.kit.get("/steering/measures/").status
        elif kind == "measure page":
            status = self.kit.get(f"/steering/measures/{self.measure}/").status
        elif kind == "PDF draft":
            status = self.kit.get(f"/districts/{demo['district']}/papers/{demo['draft']}/pdf/").status
        elif kind == "PDF released":
            status = self.public.get(f"/districts/{demo['released_district']}/papers/{demo['released']}/pdf/").status
        elif kind == "survey submission":
            status = self.public.submit(f"/survey/de/{demo['survey']}/", choose=first_answers).status
        else:
            text = f"Lastprobe {secrets.token_hex(6)}"
            saved = self.kit.submit(f"/admin/actionplan/measure/{self.measure}/change/", {"text": text, "_save": "1"})
            status = saved.status
            if status == 302:
                self.saves.append(text)
            elif status == 200 and CONFLICT in saved.text:
                return "conflict"
        return True if status == (302 if kind in ("survey submission", "KIT save") else 200) else status


def first_answers(options):
    return {name: values[:1] for name, values in options.items()}


def percentile(values, share):
    return values[min(len(values) - 1, int(len(values) * share))] * 1000


def report(title, results, seconds, lost, requests):
    print(f"\n{title}: {len(results)} actions in {seconds:.0f} s = {len(results) / seconds:.1f} actions/s", end="")
    print(f" ({requests / seconds:.1f} HTTP requests/s: a survey response and a save are a GET and a POST)")
    print(f"{'kind':<20} {'n':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    by_kind = defaultdict(list)
    for kind, duration, ok in results:
        by_kind[kind].append((duration, ok))
    for kind in MIX:
        rows = by_kind.get(kind, [])
        durations = sorted(duration for duration, _ok in rows)
        errors = [ok for _duration, ok in rows if ok is not True]
        if not durations:
            continue
        failures = [ok for ok in errors if (kind, ok) not in EXPECTED]
        expected = [EXPECTED[(kind, ok)] for ok in errors if (kind, ok) in EXPECTED]
        print(
            f"{kind:<20} {len(rows):>6} {len(rows) / seconds:>7.1f} {statistics.median(durations) * 1000:>8.0f} "
            f"{percentile(durations, 0.95):>8.0f} {percentile(durations, 0.99):>8.0f} {len(failures):>7}"
            + (f"  ({len(expected)} x {expected[0]})" if expected else "")
            + (f"  errors: {', '.join(sorted({str(ok) for ok in failures}))}" if failures else "")
        )
    pages = sorted(duration for kind, duration, _ok in results if MIX[kind][1])
    pdfs = sorted(duration for kind, duration, _ok in results if kind.startswith("PDF"))
    errors = sum(1 for kind, _d, ok in results if ok is not True and (kind, ok) not in EXPECTED)
    print(
        (f"pages p95 {percentile(pages, 0.95):.0f} ms; " if pages else "")
        + (f"PDF downloads p95 {percentile(pdfs, 0.95):.0f} ms; " if pdfs else "")
        + f"errors {errors}; lost writes {lost}"
    )
    print(TARGETS)


TICKS = os.sysconf("SC_CLK_TCK")


def descendants(pid):
    """`pid` and every process below it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            todo.extend(int(child) for child in task.read_text().split())
    return found


def cpu_of(pids):
    """CPU seconds (user and system) the processes have used so far; ended ones count 0."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def by_name(name):
    return [int(entry.parent.name) for entry in Path("/proc").glob("[0-9]*/comm") if entry.read_text().strip() == name]


def cpu_by_part(stack):
    """CPU seconds so far of each part of the stack, the load client (this process) included."""
    node_a = descendants(stack.processes["a"].pid)
    worker = next(pid for pid in node_a if b"run_worker" in Path(f"/proc/{pid}/cmdline").read_bytes())
    node_a.remove(worker)
    return {
        "load client": cpu_of([os.getpid()]),
        "nginx (TLS)": cpu_of(descendants(stack.processes["nginx"].pid)),
        "node A": cpu_of(node_a),
        "node B": cpu_of(descendants(stack.processes["b"].pid)),
        "worker": cpu_of([worker]),
        "PostgreSQL": cpu_of(by_name("postgres")),
        "Redis": cpu_of(by_name("redis-server")),
    }


def report_cpu(before, after, seconds, requests):
    """Where the two cores went: CPU seconds per part, its share of the machine and per request."""
    print(f"{'CPU by part':<20} {'cpu s':>7} {'of 2 cores':>10} {'ms/request':>10}")
    cores = os.cpu_count() or 1
    for part in after:
        used = after[part] - before[part]
        print(f"{part:<20} {used:>7.1f} {used / seconds / cores:>9.0%} {used * 1000 / max(requests, 1):>10.1f}")


class Run:
    """`clients` clients offering `kinds` at `rate` actions/s in total (None: without a pause) for `seconds`."""

    def __init__(self, stack, demo, clients, kinds, rate, seconds=SECONDS):
        self.results, start_line = [], threading.Barrier(clients + 1)
        interval = clients / rate if rate else 0
        self.threads = [
            Client(
                n, stack.ports["https"], demo, start_line, self.results, kinds=kinds, interval=interval, seconds=seconds
            )
            for n in range(clients)
        ]
        for thread in self.threads:
            thread.start()
        start_line.wait(timeout=300)
        self.cpu_before = cpu_by_part(stack)
        start = time.monotonic()
        for thread in self.threads:
            thread.join(timeout=seconds + 120)
        self.elapsed = time.monotonic() - start
        self.cpu_after = cpu_by_part(stack)
        self.requests = sum(thread.sent for thread in self.threads)

    def cpu_per_action(self, part):
        return (self.cpu_after[part] - self.cpu_before[part]) * 1000 / max(len(self.results), 1)


def phase(stack, demo, title, clients, kinds, rate):
    database = stack.environment["DATABASE_URL"]
    count_responses = "select count(*) from participation_surveyresponse"
    before = query(database, count_responses)[0]
    run = Run(stack, demo, clients, kinds, rate)
    accepted = sum(1 for kind, _d, ok in run.results if kind == "survey submission" and ok is True)
    lost = accepted - (query(database, count_responses)[0] - before)
    # Every accepted save is in the measure's history, and each measure shows one of the texts saved to it.
    texts = defaultdict(set)
    for thread in run.threads:
        for text in thread.saves:
            texts[thread.measure].add(text)
            found = query(database, "select count(*) from actionplan_historicalmeasure where text=%s", text)[0]
            lost += 0 if found == 1 else 1
    for measure, saved in texts.items():
        lost += 0 if query(database, "select text from actionplan_measure where id=%s", measure)[0] in saved else 1
    report(title, run.results, run.elapsed, lost, run.requests)
    report_cpu(run.cpu_before, run.cpu_after, run.elapsed, run.requests)


PROFILE_SECONDS = 10


def profile(stack, demo):
    """What each kind costs: each alone, 4 clients without a pause; CPU milliseconds per action of each part."""
    parts = list(cpu_by_part(stack))
    print(f"\nCPU ms per action, each kind alone (4 clients without a pause, {PROFILE_SECONDS} s each)")
    print(f"{'kind':<20} {'actions/s':>9} {'p50 ms':>7}" + "".join(f" {part[:11]:>11}" for part in parts))
    for kind in MIX:
        run = Run(stack, demo, 4, [kind], None, PROFILE_SECONDS)
        durations = sorted(duration for _kind, duration, _ok in run.results)
        print(
            f"{kind:<20} {len(run.results) / run.elapsed:>9.1f} {statistics.median(durations) * 1000:>7.0f}"
            + "".join(f" {run.cpu_per_action(part):>11.1f}" for part in parts)
        )


# The worker busy: the import of a 5,000-row file as KIT's import job (as after “Import bestätigen”), then 10
# renders of VO/2025/246 as jobs (its measure changed before each, so each is a new render, queued once the
# previous one is done). This script only queues them and waits.
BACKGROUND = """
import time
from actionplan import jobs
from actionplan.models import Actor, Measure
from benchmarks.bench_import import ROWS, generated_rows
from integration_portal import pending_uploads, roles
from integration_portal.jobs.models import Job
from papers.jobs import draft_render_schedule
from papers.models import CouncilPaper
from tests.actionplan.excel_helpers import xlsx_file
from tests.factories import ActionPlanFactory, DistrictFactory, UserFactory
paper = CouncilPaper.objects.get(reference="VO/2025/246")
measure = Measure.objects.filter(challenge__field__plan=paper.annex_plan).order_by("pk").last()
plan = ActionPlanFactory(district=DistrictFactory())
user = UserFactory(username="kit-import", district=plan.district, role=roles.KIT_STAFF)
Actor.objects.bulk_create(Actor(district=plan.district, name=f"Akteur {i}") for i in range(30))
token = pending_uploads.store(xlsx_file(generated_rows()), "plan.xlsx")
started = time.monotonic()
imported = jobs.import_enqueue(plan=plan, user=user, token=token, filename="plan.xlsx", row_count=ROWS)
renders = []
for n in range(10):
    Measure.objects.filter(pk=measure.pk).update(text=f"Hintergrund-Render {n}")
    job = draft_render_schedule(paper_ids=[paper.pk])[paper.pk]
    while Job.objects.get(pk=job.pk).state in Job.ACTIVE_STATES:
        time.sleep(0.2)
    renders.append(Job.objects.get(pk=job.pk).state)
while Job.objects.get(pk=imported.pk).state in Job.ACTIVE_STATES:
    time.sleep(0.5)
imported.refresh_from_db()
print(
    f"background: import job {imported.state}, {Measure.objects.filter(challenge__field__plan=plan).count()} "
    f"measures; 10 renders {sorted(set(renders))}; all done after {time.monotonic() - started:.0f} s",
    flush=True,
)
"""


def background_load(stack):
    print("\nmeanwhile: a 5,000-row import job and 10 renders as jobs in the worker")
    return subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", BACKGROUND], cwd=ROOT, env=stack.environment
    )


def released_pdf_frozen(stack, demo):
    """The released paper's PDF is frozen by a job when first asked for: done before the clock starts."""
    public, deadline = Browser(stack.ports["https"]), time.monotonic() + 300
    path = f"/districts/{demo['released_district']}/papers/{demo['released']}/pdf/"
    while not (response := public.get(path)).body.startswith(b"%PDF") and time.monotonic() < deadline:
        time.sleep(1)
    print(f"released PDF: {'frozen' if response.body.startswith(b'%PDF') else 'still not frozen after 300 s'}")


REVISE = """
import json
from actionplan import services
from actionplan.models import ActionPlan, Measure
from integration_portal.models import User
from papers.models import CouncilPaper
revision = services.plan_start_revision(plan=ActionPlan.objects.get(pk=%(plan)d), user=User.objects.get(username="kit"))
CouncilPaper.objects.filter(pk=%(draft)d).update(annex_plan=revision)
print(json.dumps(list(Measure.objects.filter(challenge__field__plan=revision).values_list("pk", flat=True))))
"""


def start_revision(environment, demo):
    """“Fortschreibung beginnen” on the adopted demo plan: the ids of the revision's measures."""
    output = manage(environment, "shell", "-v", "0", "-c", REVISE % {"plan": demo["plan"], "draft": demo["draft"]})
    return json.loads(output.stdout.splitlines()[-1])


def main():
    folder = Path(os.environ.get("BENCH_FOLDER") or subprocess.check_output(["mktemp", "-d"], text=True).strip())  # noqa: S607
    environment = stack_environment(
        folder, DATABASE_URL, REDIS_URL, WEB_CONCURRENCY=WORKERS, SURVEY_RATE_LIMIT="0", LOG_LEVEL="WARNING"
    )
    empty_stores(environment)
    stack = Stack(folder, environment)
    try:
        demo = stack.start(meanwhile=lambda: load_demo(environment))
        # The demo's plan is a draft, which the public does not see: adopted here, so its public page is served.
        # An adopted plan is frozen, so KIT edits its revision, the annex of the draft paper.
        query(DATABASE_URL, "update actionplan_actionplan set status='adopted' where id=%s returning id", demo["plan"])
        demo["measures"] = start_revision(environment, demo)
        print(
            f"stack: nginx HTTPS :{stack.ports['https']} -> nodes :{stack.ports['a']}, :{stack.ports['b']} "
            f"({WORKERS} gunicorn workers each), worker on node A, PostgreSQL, Redis; {SECONDS} s per phase"
        )
        released_pdf_frozen(stack, demo)
        profile(stack, demo)
        if os.environ.get("BENCH_PROFILE_ONLY"):
            return
        for title, clients, kinds, rate in PHASES:
            phase(stack, demo, title, clients, kinds, rate)
        busy = background_load(stack)
        phase(stack, demo, *BUSY_PHASE)
        busy.wait(timeout=600)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
