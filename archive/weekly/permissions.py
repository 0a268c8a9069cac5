"""Who may see and submit weekly reports: a directorate's reporters their own
directorate's reports; the Müdür (who compiles) every report; directorates only the Müdür."""

from cms.permissions import RecordPolicy, register_policy, register_private_file

from .models import Directorate, WeeklyReport

COMPILE = "compile"


class WeeklyReportPolicy(RecordPolicy):
    """Model permissions, narrowed for reporters to the directorates they report for."""

    def sees_all(self, user):
        return user.is_active and (
            user.is_superuser or user.has_perm("archive.compile_weeklyreport")
        )

    def user_has_permission(self, user, action):
        if action == COMPILE:
            return self.sees_all(user)
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return self.sees_all(user) or instance.directorate.reporters.filter(pk=user.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        records = super().instances_user_has_any_permission_for(user, actions)
        if self.sees_all(user):
            return records
        return records.filter(directorate__reporters=user)


weekly_report_policy = register_policy(WeeklyReport, WeeklyReportPolicy)
directorate_policy = register_policy(Directorate)
register_private_file(WeeklyReport, "file")
