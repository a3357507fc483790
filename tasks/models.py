from django.db import models


class QueuedJob(models.Model):
    """A task that could not be handed to the broker (Redis down): kept here and dispatched later."""

    task_name = models.CharField(max_length=100)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "tâche en attente d'envoi"
        verbose_name_plural = "tâches en attente d'envoi"

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)}"
