"""The form and confirmation pages of ``IntakeFormPage``; the storing happens in ``intake.services``."""

import uuid

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from wagtail.models import Page

from intake import ratelimit
from intake.forms import IntakeForm, course_choices
from intake.models import IntakeRequest
from intake.services import request_stored_with, submit
from portal.security import client_ip


def private(response):
    """Forms and confirmations carry personal answers: never store them in any cache."""
    add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
    return response


def see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def posted_token(data):
    try:
        return uuid.UUID(str(data.get("submission_token", "")))
    except ValueError:
        return None


def preselected_course(request):
    """The id of the course named by ``?course=<id>``, in the visitor's language when it is translated."""
    course_id = request.GET.get("course", "")
    if not course_id.isdigit():
        return None
    listed_ids = [pk for pk, _title in course_choices()]
    translations = Page.objects.filter(translation_key__in=Page.objects.filter(pk=course_id).values("translation_key"))
    return translations.filter(pk__in=listed_ids).values_list("pk", flat=True).first()


def intake_form(request, page):
    limited_until = None
    if request.method == "POST":
        form = IntakeForm(request.POST)
        token = posted_token(request.POST)
        earlier = request_stored_with(token) if token else None
        if earlier is not None:
            return see_other(page.confirmation_url(earlier, request))
        if form.is_valid():
            limited_until = ratelimit.hit(ratelimit.submission_checks(client_ip(request), form.cleaned_data))
            if limited_until is None:
                intake_request, _created = submit(
                    form.request_data(), form.cleaned_data["submission_token"], language=get_language()
                )
                return see_other(page.confirmation_url(intake_request.public_id, request))
        form.renew_hidden_fields()
    else:
        form = IntakeForm(initial={"course": preselected_course(request)})
    context = page.get_context(request)
    context["form"] = form
    if limited_until is None:
        return private(TemplateResponse(request, page.get_template(request), context))
    # Everything typed stays in the form; the page says when to try again and whom to call.
    context.update(
        rate_limited=True,
        retry_at=timezone.localtime(limited_until),
        retry_today=timezone.localdate(limited_until) == timezone.localdate(),
    )
    response = TemplateResponse(request, page.get_template(request), context, status=429)
    response["Retry-After"] = str(max(1, int((limited_until - timezone.now()).total_seconds())))
    return private(response)


def confirmation(request, page, public_id):
    intake_request = get_object_or_404(IntakeRequest.objects.select_related("queue__provider"), public_id=public_id)
    context = page.get_context(request)
    context.update(intake_request=intake_request, queue=intake_request.queue, provider=intake_request.queue.provider)
    return private(TemplateResponse(request, "intake/confirmation.html", context))
