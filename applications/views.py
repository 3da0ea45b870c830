"""The applicant's and the endorser's pages: thin views over the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from csssl.pdf import pdf_response
from csssl.pdf_cache import cached_pdf_response
from csssl.uktime import clock_time, time_on_date

from . import documents, rules, selectors, services
from .errors import AllocationError, ApplicationError, EndorsementLinkError, OfferLinkError
from .form_shape import STATEMENT_WORD_LIMIT, STATEMENTS
from .forms import (
    ApplicationForm,
    EndorsementForm,
    EndorserChangeForm,
    EqualityForm,
    OfferDeclineForm,
    WithdrawForm,
)
from .models import EqualityMonitoring, ExpressionOfInterest

Status = ExpressionOfInterest.Status


def _show_errors(form, error: ApplicationError) -> None:
    for field, message in error.errors.items():
        if field in form.fields:
            form.add_error(field, message)
        else:
            form.add_error(None, message)


SUBMITTED = (
    "Your application is submitted. We have sent you a receipt and asked your endorser to confirm."
)
WITHDRAWN = "Your application is withdrawn."


def _moved_on(
    request: HttpRequest, application: ExpressionOfInterest, error: ApplicationError
) -> HttpResponse:
    """The application was submitted or withdrawn while this request was on its way (a double
    click, another tab): show it as it now is. A second click on Submit is told what the first
    was, since the browser only shows the answer to the last one."""
    application.refresh_from_db(fields=["status"])
    if "submit" in request.POST and application.status == Status.SUBMITTED:
        messages.success(request, SUBMITTED)
    else:
        messages.info(request, error.message)
    return redirect(application)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_for_application(cohort_id=cohort_id)
    application = ExpressionOfInterest.objects.filter(cohort=cohort, applicant=request.user).first()
    if application and application.status != Status.DRAFT:
        if request.method == "POST":  # sent again, or from a tab left open
            return _moved_on(request, application, services.not_editable(application))
        return redirect(application)
    is_open = cohort.is_open_for_applications()
    if application is None and not is_open:
        return render(request, "applications/closed.html", {"cohort": cohort})

    equality = (
        EqualityMonitoring.objects.filter(application=application).first() if application else None
    )
    if request.method == "POST":
        form = ApplicationForm(request.POST, instance=application, cohort=cohort)
        equality_form = EqualityForm(request.POST, instance=equality)
        # Checked before a first draft is started: an answer too long to save starts nothing.
        valid = all([form.is_valid(), equality_form.is_valid()])
        if valid and application is None:
            try:
                application = services.application_start(cohort=cohort, applicant=request.user)
            except ApplicationError:
                is_open = False
        if valid and application is not None:
            try:
                application = services.application_save_draft(
                    application=application,
                    data=form.cleaned_data,
                    equality=equality_form.cleaned_data,
                )
            except ApplicationError as error:
                if error.moved_on:
                    return _moved_on(request, application, error)
                _show_errors(form, error)
                messages.error(request, error.message)
                valid = False
        if valid and application is not None:
            if "submit" not in request.POST:
                saved = clock_time(timezone.now())
                messages.success(
                    request, f"Draft saved at {saved}. You can come back to it at any time."
                )
                return redirect("applications:apply", cohort_id=cohort.pk)
            try:
                services.application_submit(application=application)
            except ApplicationError as error:
                if error.moved_on:
                    return _moved_on(request, application, error)
                _show_errors(form, error)
                messages.error(request, error.message)
                is_open = cohort.is_open_for_applications()
            else:
                messages.success(request, SUBMITTED)
                return redirect(application)
        elif valid:
            messages.error(
                request,
                "Applications for this cohort have closed, so this could not be saved. "
                "Your answers are still below: copy anything you want to keep.",
            )
    else:
        initial = (
            {}
            if application
            else {
                "first_name": request.user.first_name,
                "last_name": request.user.last_name,
            }
        )
        form = ApplicationForm(instance=application, initial=initial, cohort=cohort)
        equality_form = EqualityForm(instance=equality)
        if application and not is_open:
            messages.warning(
                request,
                f"Applications for this cohort closed at "
                f"{time_on_date(cohort.application_deadline)}. "
                "Your draft is kept below but can no longer be submitted.",
            )
    return render(
        request,
        "applications/apply.html",
        {
            "cohort": cohort,
            "application": application,
            "form": form,
            "equality_form": equality_form,
            "is_open": is_open,
            "word_limit": STATEMENT_WORD_LIMIT,
            "statements": STATEMENTS,
            "required_dates": list(cohort.milestones.all()),
        },
    )


@require_GET
def blank_form(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_for_application(cohort_id=cohort_id)
    return cached_pdf_response(
        request,
        documents.blank_form_html(cohort),
        filename=f"{cohort.programme.slug}-expression-of-interest.pdf",
    )


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    applications = selectors.applications_of(user=request.user)
    rows = [(a, selectors.status_of(a)) for a in applications]
    return render(request, "applications/list.html", {"rows": rows})


def _detail_page(
    request: HttpRequest,
    application: ExpressionOfInterest,
    *,
    endorser_form: EndorserChangeForm | None = None,
    decline_form: OfferDeclineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The application's page; a form given back with its errors is shown as it was sent."""
    endorsement = selectors.current_endorsement(application)
    offer = selectors.latest_offer(application)
    can_change_endorser = endorser_form is not None or rules.can_change_endorser(
        application, endorsement=endorsement, offer=offer
    )
    if endorser_form is None:
        endorser_form = EndorserChangeForm(
            initial={
                "endorser_name": application.endorser_name,
                "endorser_job_title": application.endorser_job_title,
                "endorser_email": application.endorser_email,
                "replacing": endorsement.pk if endorsement else None,
            }
        )
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "status": selectors.status_of(application),
            "endorsement": endorsement,
            "can_change_endorser": can_change_endorser,
            "can_withdraw": rules.can_withdraw(application, offer=offer),
            "endorser_form": endorser_form,
            "is_open": application.cohort.is_open_for_applications(),
            "offer": offer,
            "told_decision": selectors.told_decision(application),
            "decline_form": decline_form or OfferDeclineForm(),
        },
        status=status,
    )


@sensitive_variables("token")  # kept out of error reports: the token is the link
@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_of(user=request.user, pk=pk)
    return _detail_page(request, application)


@login_required
@require_GET
def offer_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an offer email: for the person it was sent to, it opens their application
    with the offer; for anyone else, or when tampered with or too old, it is not found."""
    try:
        offer = services.offer_from_token(token, user=request.user)
    except OfferLinkError as exc:
        raise Http404 from exc
    return redirect(f"{offer.application.get_absolute_url()}#offer")


def _own_offer(request: HttpRequest, pk: int):
    """The signed-in person's application and the offer they were sent; 404 otherwise."""
    application = selectors.application_of(user=request.user, pk=pk)
    offer = selectors.latest_offer(application)
    if offer is None:
        raise Http404
    return application, offer


@login_required
@require_http_methods(["POST"])
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    application, offer = _own_offer(request, pk)
    try:
        services.offer_accept(offer=offer, user=request.user)
    except AllocationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your place is confirmed. Welcome to the cohort.")
    return redirect(application)


@login_required
@require_http_methods(["POST"])
def offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    application, offer = _own_offer(request, pk)
    form = OfferDeclineForm(request.POST)
    if not form.is_valid():  # nothing changes until the whole form is right
        messages.error(request, "Your place is not declined yet: check your answer below.")
        return _detail_page(request, application, decline_form=form, status=400)
    try:
        services.offer_decline(offer=offer, user=request.user, reason=form.cleaned_data["reason"])
    except AllocationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "You have declined the place. Thank you for letting us know.")
    return redirect(application)


@login_required
@require_http_methods(["POST"])
def endorser_change(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_of(user=request.user, pk=pk)
    form = EndorserChangeForm(request.POST)
    if form.is_valid():
        try:
            services.endorser_change(
                application=application,
                name=form.cleaned_data["endorser_name"],
                job_title=form.cleaned_data["endorser_job_title"],
                email=form.cleaned_data["endorser_email"],
                replacing=form.cleaned_data["replacing"],
            )
        except ApplicationError as error:
            _show_errors(form, error)
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"We have asked {form.cleaned_data['endorser_name']} to endorse your application. "
                "The link sent to your previous endorser no longer works.",
            )
            return redirect(application)
    return _detail_page(request, application, endorser_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_of(user=request.user, pk=pk)
    if application.status == Status.WITHDRAWN:
        if request.method == "POST":  # sent twice: the first one withdrew it
            messages.success(request, WITHDRAWN)
        return redirect(application)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, WITHDRAWN)
        return redirect(application)
    return render(request, "applications/withdraw.html", {"application": application, "form": form})


@login_required
@require_GET
def application_document(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_of(user=request.user, pk=pk)
    return pdf_response(
        documents.application_pdf(application),
        filename=f"application-{application.pk}.pdf",
        download=True,
    )


LINK_PROBLEMS = {
    "invalid": (
        404,
        "This link is not valid",
        "Check that you used the whole link from the email.",
    ),
    "expired": (
        410,
        "This link has expired",
        "Links to endorse an application work for a limited time. Ask the applicant to send "
        "the request again from their application page.",
    ),
    "superseded": (
        410,
        "This link is no longer needed",
        "The applicant has asked someone else to endorse their application, so there is "
        "nothing more for you to do.",
    ),
    "cancelled": (
        410,
        "This application was withdrawn",
        "The applicant withdrew their application, so there is nothing more for you to do.",
    ),
    "closed": (
        410,
        "Endorsements are closed",
        "Places on this cohort have been allocated, so endorsements are no longer taken.",
    ),
}


@sensitive_variables("token")  # kept out of error reports: the token is the link
@require_http_methods(["GET", "POST"])
def endorse(request: HttpRequest, token: str) -> HttpResponse:
    """The endorser's page: no account, just the signed link from their email."""
    try:
        endorsement = services.endorsement_from_token(token)
    except EndorsementLinkError as problem:
        if problem.reason == "answered":
            return render(
                request, "applications/endorse_done.html", {"endorsement": problem.endorsement}
            )
        status, title, detail = LINK_PROBLEMS.get(problem.reason, LINK_PROBLEMS["invalid"])
        return render(
            request,
            "applications/endorse_unavailable.html",
            {"title": title, "detail": detail},
            status=status,
        )
    application = endorsement.application
    form = EndorsementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "confirm":
                services.endorsement_confirm(
                    endorsement=endorsement, basis=data["basis"], comments=data["comments"]
                )
            else:
                services.endorsement_decline(endorsement=endorsement, reason=data["decline_reason"])
        except EndorsementLinkError:
            pass  # answered in another tab a moment ago: the page below says so
        else:
            # Read out on the page that follows (static/js/messages.js focuses it).
            messages.success(
                request, f"Your answer about {application.full_name}'s application is sent."
            )
        return redirect("applications:endorse", token=token)
    return render(
        request,
        "applications/endorse.html",
        {
            "endorsement": endorsement,
            "application": application,
            "cohort": application.cohort,
            "required_dates": list(application.cohort.milestones.order_by("starts_on", "pk")),
            "form": form,
        },
    )
