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


class PeriodicRun(models.Model):
    """One periodic job (tasks/periodic.py): when the embedded scheduler last started it (its memory across restarts,
    `manage.py run_scheduler`) and when it last finished, the heartbeat the admin dashboard checks. A finished run
    is recorded by whatever ran the task: the embedded scheduler or a Celery worker fed by beat (tasks/periodic.py).
    """

    name = models.CharField("entrée", max_length=200, unique=True)
    task_name = models.CharField("tâche", max_length=200)
    started_at = models.DateTimeField("dernier lancement", null=True, blank=True)
    finished_at = models.DateTimeField("dernière exécution terminée", null=True, blank=True)
    succeeded = models.BooleanField("réussie", default=False)
    error = models.TextField("erreur", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "exécution périodique"
        verbose_name_plural = "exécutions périodiques"

    def __str__(self) -> str:
        return self.name
