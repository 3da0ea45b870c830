"""The e-portfolio: the participant's own pages under /me/portfolio/ (still theirs after the
programme ends), the page of an entry shared with a mentor or facilitator, where they mark it,
and the one view that hands out evidence files.

Thin: reads through ``selectors.portfolio``, changes through ``services.portfolio``. Anything
not the reader's to read answers 404.
"""

from __future__ import annotations

import tempfile
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.models import Participant
from cohorts.selectors import participation_for
from csssl.pdf import pdf_response, render_pdf
from mentoring.errors import MentoringError
from mentoring.forms.portfolio import EntryForm, MarkForm
from mentoring.selectors import portfolio as selectors
from mentoring.services import portfolio as services


def _participant(request: HttpRequest) -> Participant:
    """The signed-in person's place; a cohort that has ended still counts, so a portfolio
    stays open to its owner after the programme."""
    participant = participation_for(user=request.user)
    if participant is None:
        raise Http404
    return participant


def _show_errors(form, error: MentoringError) -> str:
    """Each of the service's messages beside its field; what fits no field is returned."""
    placed = False
    for name, message in error.errors.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    return "" if placed else error.message


def _entry_form(participant: Participant, *args, **kwargs) -> EntryForm:
    return EntryForm(
        *args,
        qualities=selectors.qualities_for(participant),
        links=selectors.link_choices(participant),
        **kwargs,
    )


@login_required
@require_GET
def portfolio(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    qualities = list(selectors.qualities_for(participant))
    chosen = None
    wanted = request.GET.get("quality", "")
    if wanted.isdigit():
        chosen = next((q for q in qualities if q.pk == int(wanted)), None)
    entries = selectors.own_entries(participant, quality_id=chosen.pk if chosen else None)
    return render(
        request,
        "mentoring/portfolio/list.html",
        {
            "participant": participant,
            "entries": entries,
            "qualities": qualities,
            "chosen": chosen,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_add(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    form = _entry_form(participant, request.POST or None, request.FILES or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_add(
                participant=participant,
                values=form.values(),
                upload=form.cleaned_data.get("file"),
            )
        except MentoringError as error:
            problem = _show_errors(form, error)
        else:
            messages.success(request, f"“{entry.title}” is in your portfolio.")
            return redirect(reverse("mentoring:portfolio") + f"#entry-{entry.pk}")
    return render(
        request,
        "mentoring/portfolio/entry_form.html",
        {"participant": participant, "form": form, "problem": problem, "entry": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    participant = _participant(request)
    entry = selectors.own_entry(participant=participant, entry_id=entry_id)
    # The choices of the programme the entry was written on, which may be an earlier one.
    owner = entry.participant
    problem = ""
    if request.method == "POST":
        form = _entry_form(owner, request.POST, request.FILES)
        if form.is_valid():
            try:
                services.entry_edit(
                    participant=participant,
                    entry_id=entry.pk,
                    values=form.values(),
                    revision=form.cleaned_data.get("revision", ""),
                    upload=form.cleaned_data.get("file"),
                )
            except services.StaleEntryError as stale:
                # Keep what was typed; the next save is then a choice made knowing.
                data = request.POST.copy()
                data["revision"] = services.revision_of(entry)
                form = _entry_form(owner, data)
                form.is_valid()
                problem = stale.message
            except MentoringError as error:
                problem = _show_errors(form, error)
            else:
                messages.success(request, f"Your changes to “{form.values()['title']}” are saved.")
                return redirect(reverse("mentoring:portfolio_entry", args=[entry.pk]))
    else:
        form = _entry_form(
            owner,
            initial=EntryForm.initial_for(entry, revision=services.revision_of(entry)),
        )
    return render(
        request,
        "mentoring/portfolio/entry_form.html",
        {"participant": participant, "form": form, "problem": problem, "entry": entry},
    )


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    participant = _participant(request)
    if request.method == "POST":
        if services.entry_delete(participant=participant, entry_id=entry_id):
            messages.success(request, "The entry and its files are deleted.")
        else:
            messages.info(request, "That entry was already deleted.")
        return redirect("mentoring:portfolio")
    entry = selectors.own_entry(participant=participant, entry_id=entry_id)
    return render(
        request,
        "mentoring/portfolio/delete.html",
        {"participant": participant, "entry": entry},
    )


@login_required
@require_POST
def portfolio_evidence_delete(request: HttpRequest, evidence_id: int) -> HttpResponse:
    participant = _participant(request)
    removed = services.evidence_delete(participant=participant, evidence_id=evidence_id)
    if removed is None:
        messages.info(request, "That file was already removed.")
        return redirect("mentoring:portfolio")
    messages.success(request, f"“{removed.name}” is removed.")
    return redirect(reverse("mentoring:portfolio_entry", args=[removed.entry_id]) + "#files")


@login_required
@require_GET
def portfolio_evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """A file, to its owner and to whoever its entry is shared with; 404 to everyone else.
    Always a download, of the type its content was found to be, never sniffed by the browser."""
    evidence = selectors.readable_evidence(user=request.user, evidence_id=evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
def portfolio_shared(request: HttpRequest, entry_id: int) -> HttpResponse:
    """An entry shared with the signed-in mentor, tutor or facilitator, with its marks."""
    entry = selectors.shared_entry(user=request.user, entry_id=entry_id)
    return render(
        request,
        "mentoring/portfolio/shared.html",
        {"entry": entry, "form": MarkForm(entry=entry)},
    )


@login_required
@require_POST
def portfolio_mark(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.shared_entry(user=request.user, entry_id=entry_id)
    form = MarkForm(request.POST, entry=entry)
    if form.is_valid():
        try:
            mark = services.mark_add(
                by=request.user, entry_id=entry.pk, quality_id=form.cleaned_data["quality"]
            )
        except MentoringError as error:
            messages.error(request, error.errors.get("quality", error.message))
        else:
            messages.success(request, f"Marked as meeting {mark.quality.name}.")
    elif not form.fields["quality"].choices:
        # A second click on the last quality's button: it is already marked.
        messages.info(request, "Every quality of this entry is already marked.")
    else:
        messages.error(request, "Choose one of the entry's qualities that the evidence meets.")
    return redirect(reverse("mentoring:portfolio_shared", args=[entry.pk]) + "#marks")


@login_required
@require_POST
def portfolio_unmark(request: HttpRequest, entry_id: int, mark_id: int) -> HttpResponse:
    entry = selectors.shared_entry(user=request.user, entry_id=entry_id)
    if services.mark_remove(by=request.user, mark_id=mark_id):
        messages.success(request, "Your mark is taken off.")
    else:
        messages.info(request, "That mark was already taken off.")
    return redirect(reverse("mentoring:portfolio_shared", args=[entry.pk]) + "#marks")


def _export_context(participant: Participant) -> dict:
    return {
        "participant": participant,
        "programme": participant.cohort.programme,
        "cohort": participant.cohort,
        "entries": selectors.own_entries(participant),
    }


@login_required
@require_GET
def portfolio_pdf(request: HttpRequest) -> HttpResponse:
    """The whole portfolio as one tagged PDF (files listed by name), for its owner only."""
    participant = _participant(request)
    pdf = render_pdf("mentoring/portfolio/portfolio.pdf.html", _export_context(participant))
    return pdf_response(pdf, filename="portfolio.pdf", download=True)


#: Past this size the zip being built moves from memory to a temporary file.
ZIP_IN_MEMORY = 16 * 1024 * 1024


@login_required
@require_GET
def portfolio_zip(request: HttpRequest) -> HttpResponse:
    """The whole portfolio as HTML pages with the evidence files beside them, for its owner
    only. Each file is stored as ``files/<id>-<safe name>``, so no two collide and no name
    can reach outside the archive's folder."""
    participant = _participant(request)
    context = _export_context(participant)
    # Closed by FileResponse once the download is sent.
    archive_file = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY)  # noqa: SIM115
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in context["entries"]:
            files = []
            for evidence in entry.evidence.all():
                path = f"files/{evidence.pk}-{evidence.name}"
                try:
                    with evidence.file.open("rb") as handle:
                        archive.writestr(path, handle.read())
                except FileNotFoundError:
                    continue
                files.append((evidence, path))
            entry.exported_files = files
            archive.writestr(
                f"entry-{entry.pk}.html",
                render_to_string(
                    "mentoring/portfolio/export/entry.html", {**context, "entry": entry}
                ),
            )
        archive.writestr(
            "index.html", render_to_string("mentoring/portfolio/export/index.html", context)
        )
    archive_file.seek(0)
    return FileResponse(
        archive_file,
        as_attachment=True,
        filename="portfolio.zip",
        content_type="application/zip",
    )
