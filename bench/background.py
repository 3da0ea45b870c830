"""The background figures of `make bench`, timed against the bench's database once the pages
are: ``bench/run.py`` starts a Celery worker (two prefork processes) and a local SMTP sink,
then runs this, which prints the figures as JSON.

- certificates: a cohort of ninety, each due one, asked for as a coordinator asks (a batch,
  queued when it commits), timed until the batch's zip is ready;
- emails: 10,000 outbox messages handed to the worker as the outbox sweep hands them
  (``outbox.enqueue_delivery``, a hundred to a task), timed until every one is sent;
- the allocation assistant's proposal for the 1,000 applications of the board's cohort,
  with balance targets, in this process;
- the mentor matching proposal for a cohort of 1,000 participants and a pool of 400 mentors,
  in this process.

    python bench/background.py MANIFEST
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EMAILS = 10_000
CANDIDATES = 1_000
MENTORS = 400
#: Past this a figure is given up on, and its row says so.
GIVE_UP_SECONDS = 600


@dataclass
class Figure:
    name: str
    what: str
    value: str
    target: str
    holds: bool | None
    seconds: float | None = None


def worker_cpu() -> float | None:
    """CPU seconds the worker's processes (its process group, ``BENCH_WORKER_PGID``) have used
    so far: on a busy machine, what a figure cost the worker, where its seconds also hold
    whatever else ran."""
    pgid = int(os.environ.get("BENCH_WORKER_PGID") or 0)
    if not pgid:
        return None
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # after the name: state, ppid, pgrp, ..., utime, stime
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_note(before: float | None) -> str:
    after = worker_cpu()
    return "" if before is None or after is None else f"; worker CPU {after - before:.1f} s"


def _wait(done, *, every: float = 0.05) -> float | None:
    """Seconds until ``done()`` is true, or None past ``GIVE_UP_SECONDS``."""
    started = time.perf_counter()
    while not done():
        if time.perf_counter() - started > GIVE_UP_SECONDS:
            return None
        time.sleep(every)
    return time.perf_counter() - started


def certificates(manifest: dict) -> Figure:
    from cohorts.certificates.awarding import certificate_batch_request
    from cohorts.models import CertificateBatch, Cohort
    from csssl.models import User

    cohort = Cohort.objects.get(pk=manifest["background"]["certificates_cohort"])
    by = User.objects.get(email=manifest["accounts"]["coordinator"])
    cpu = worker_cpu()
    started = time.perf_counter()
    batch, _ = certificate_batch_request(cohort=cohort, by=by)

    def finished() -> bool:
        status = CertificateBatch.objects.filter(pk=batch.pk).values_list("status", flat=True)
        return status[0] not in CertificateBatch.ACTIVE

    waited = _wait(finished)
    seconds = None if waited is None else time.perf_counter() - started
    batch.refresh_from_db()
    done = batch.status == CertificateBatch.Status.DONE
    return Figure(
        "certificates",
        f"{batch.done} of {batch.total} certificates issued through the worker, zip ready",
        "gave up"
        if seconds is None
        else f"{seconds:.1f} s" + ("" if done else f" ({batch.status})") + cpu_note(cpu),
        "under 6 s",
        seconds is not None and done and seconds < 6,
        seconds,
    )


def emails() -> Figure:
    from django.utils import timezone

    from csssl import outbox
    from csssl.models import OutboxMessage

    now = timezone.now()
    rows = OutboxMessage.objects.bulk_create(
        (
            OutboxMessage(
                kind="bench_notice", object_ref=f"bench:{i}", recipient=f"bench{i}@example.org",
                subject="Your programme this week",
                body_text="Dear colleague,\n\nThe agenda for the next day is on your page.\n" * 4,
                body_html="<p>Dear colleague,</p><p>The agenda is on your page.</p>" * 4,
                created_at=now,
            )
            for i in range(EMAILS)
        ),
        batch_size=2000,
    )  # fmt: skip
    ids = [row.pk for row in rows]
    cpu = worker_cpu()
    started = time.perf_counter()
    outbox.enqueue_delivery(message_ids=ids)
    pending = OutboxMessage.objects.filter(pk__in=ids).exclude(state=OutboxMessage.State.SENT)
    waited = _wait(lambda: not pending.exists(), every=0.2)
    seconds = None if waited is None else time.perf_counter() - started
    sent = OutboxMessage.objects.filter(pk__in=ids, state=OutboxMessage.State.SENT).count()
    return Figure(
        "emails",
        f"{sent:,} of {EMAILS:,} emails sent through the worker to a local SMTP sink",
        "gave up"
        if seconds is None
        else f"{seconds:.1f} s, {sent / seconds:.0f} emails/s" + cpu_note(cpu),
        f"{EMAILS:,} in under 60 s",
        seconds is not None and sent == EMAILS and seconds < 60,
        seconds,
    )


def assistant(manifest: dict) -> Figure:
    from applications.models import BalanceTarget, ExpressionOfInterest, Sector
    from applications.selectors.proposal import cohort_proposal
    from cohorts.models import Cohort

    board = Cohort.objects.get(pk=manifest["background"]["board_cohort"])
    codes = list(
        ExpressionOfInterest.objects.filter(cohort=board)
        .values_list("local_authority__code", flat=True)
        .distinct()[:5]
    )
    T = BalanceTarget.Dimension
    BalanceTarget.objects.bulk_create(
        [BalanceTarget(cohort=board, dimension=T.PARTNER, value="external", minimum=10)]
        + [BalanceTarget(cohort=board, dimension=T.SECTOR, value=s, maximum=30)
           for s in Sector.values[:3]]
        + [BalanceTarget(cohort=board, dimension=T.LOCAL_AUTHORITY, value=code, maximum=2)
           for code in codes if code]
    )  # fmt: skip
    candidates = ExpressionOfInterest.objects.submitted_and_endorsed().filter(cohort=board).count()
    started = time.perf_counter()
    proposal = cohort_proposal(board)
    seconds = time.perf_counter() - started
    return Figure(
        "allocation_assistant",
        f"“Propose a balanced cohort” for {candidates:,} candidates, "
        f"{BalanceTarget.objects.filter(cohort=board).count()} targets, in-process "
        f"({len(proposal.offer_ids)} offers proposed)",
        f"{seconds:.2f} s",
        "under 1 s",
        seconds < 1,
        seconds,
    )


def matching(manifest: dict) -> Figure:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from cohorts.models import Cohort, Organisation, Participant, Quality
    from csssl.models import User
    from mentoring.models import Mentor, PoolPlace
    from mentoring.services.matching import proposal_make

    board = Cohort.objects.get(pk=manifest["background"]["board_cohort"])
    by = User.objects.get(email=manifest["accounts"]["coordinator"])
    organisations = list(Organisation.objects.order_by("pk"))
    qualities = list(Quality.objects.order_by("pk")[:12])
    unusable, now = make_password(None), timezone.now()
    users = User.objects.bulk_create(
        User(email=f"bench-matching-{i}@example.org", first_name=f"Match{i}",
             last_name=f"Bench{i % 97}", password=unusable)
        for i in range(CANDIDATES + MENTORS)
    )  # fmt: skip
    Participant.objects.bulk_create(
        Participant(user=user, cohort=board, organisation=organisations[i % len(organisations)],
                    local_authority=organisations[i % len(organisations)].local_authority,
                    job_title="Head of Service", status=Participant.Status.ACTIVE, joined_at=now)
        for i, user in enumerate(users[:CANDIDATES])
    )  # fmt: skip
    mentors = Mentor.objects.bulk_create(
        Mentor(user=user, role="Assistant Director",
               organisation=organisations[(7 * i + 3) % len(organisations)],
               local_authority=organisations[(7 * i + 3) % len(organisations)].local_authority)
        for i, user in enumerate(users[CANDIDATES:])
    )  # fmt: skip
    Through = Mentor.expertise.through
    Through.objects.bulk_create(
        Through(mentor=mentor, quality=qualities[(i + k) % len(qualities)])
        for i, mentor in enumerate(mentors)
        for k in range(3 if qualities else 0)
    )
    PoolPlace.objects.bulk_create(PoolPlace(cohort=board, mentor=m, capacity=3) for m in mentors)
    started = time.perf_counter()
    proposal = proposal_make(cohort=board, by=by)
    seconds = time.perf_counter() - started
    paired = proposal.pairs.exclude(mentor=None).count()
    return Figure(
        "mentor_matching",
        f"mentor matching proposal for {CANDIDATES:,} participants and {MENTORS} mentors "
        f"({MENTORS * 3:,} places), in-process ({paired:,} paired)",
        f"{seconds:.2f} s",
        "none set",
        None,
        seconds,
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csssl.settings")
    import django

    django.setup()
    manifest = json.loads(Path(sys.argv[1]).read_text())
    figures = [certificates(manifest), emails(), assistant(manifest), matching(manifest)]
    print(json.dumps([asdict(figure) for figure in figures]))


if __name__ == "__main__":
    main()
