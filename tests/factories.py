"""factory_boy factories shared by the tests."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from innozone.core.models import Organization, Region, User
from innozone.core.roles import Role
from innozone.plans.models import Indicator, IndicatorSplit, Plan, Report, Responsibility, Task


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试市{n}")
    code = factory.Sequence(lambda n: f"r{n}")
    kind = Region.Kind.CITY


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Organization.Kind.DEPARTMENT
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.REPORTER
    organization = factory.SubFactory(OrganizationFactory)
    password = factory.PostGenerationMethodCall("set_password", "pw-Test-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    year = 2030
    title = factory.Sequence(lambda n: f"测试计划{n}")
    report_frequency = "quarterly"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    text = factory.Sequence(lambda n: f"测试任务内容{n}")


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    task = factory.SubFactory(TaskFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Responsibility.Role.IMPLEMENTING
    name_as_written = factory.LazyAttribute(lambda o: o.organization.name)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.LazyAttribute(lambda o: o.task.plan)
    task = factory.SubFactory(TaskFactory)
    name = factory.Sequence(lambda n: f"指标{n}")
    unit = "个"
    target = Decimal(100)


class SplitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorSplit

    indicator = factory.SubFactory(IndicatorFactory)
    region = factory.SubFactory(RegionFactory)
    label = factory.LazyAttribute(lambda o: o.region.name)
    target = Decimal(50)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    task = factory.SubFactory(TaskFactory)
    organization = factory.SubFactory(OrganizationFactory)
    period = "2030-Q1"
    status = Report.Status.ACCEPTED
    progress = Report.Progress.IN_PROGRESS
    narrative = "测试进展内容"
    submitted_by = factory.SubFactory(UserFactory)
    submitted_at = factory.LazyFunction(timezone.now)


def date(s: str) -> dt.date:
    return dt.date.fromisoformat(s)
