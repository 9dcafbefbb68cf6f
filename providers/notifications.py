"""Partners hear about the city's decision on their changes, with the city's comment."""

from wagtail.admin.mail import WorkflowStateApprovalEmailNotifier
from wagtail.models import TaskState


class ApprovalWithCommentEmailNotifier(WorkflowStateApprovalEmailNotifier):
    """Wagtail's approval e-mail plus the approver's comment (Wagtail adds it only to rejections)."""

    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        approval = (
            workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED).order_by("-finished_at", "-pk").first()
        )
        context["comment"] = approval.get_comment() if approval else ""
        return context


approval_email_notifier = ApprovalWithCommentEmailNotifier()


def register_signal_handlers():
    from wagtail.models import WorkflowState
    from wagtail.signals import workflow_approved

    # Same dispatch_uid as Wagtail's own notifier: this app is ready first, so it takes that place.
    workflow_approved.connect(
        approval_email_notifier,
        sender=WorkflowState,
        dispatch_uid="workflow_state_approved_email_notification",
    )
