"""Second-factor writes: confirm an authenticator app, make backup codes, turn the second factor off."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from openiep.people.models import User

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10


def new_totp_key() -> str:
    return random_hex(20)


def pending_device(*, user: User, key: str) -> TOTPDevice:
    """An unsaved device for the enrolment page (its QR code); nothing is stored until the user confirms."""
    return TOTPDevice(user=user, key=key, name=APP_DEVICE_NAME, confirmed=False)


def code_matches_key(key: str, code: str) -> bool:
    device = TOTPDevice(key=key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code = code.strip().replace(" ", "")
    if not code.isdigit():
        return False
    return totp.verify(int(code), tolerance=device.tolerance)


@transaction.atomic
def second_factor_enrol(*, user: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator app with a code it shows; returns the device and fresh backup codes."""
    if not code_matches_key(key, code):
        raise ValidationError({"code": "That code does not match. Type the 6 digits your app shows now."})
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, key=key, name=APP_DEVICE_NAME, confirmed=True)
    return device, backup_codes_renew(user=user)


@transaction.atomic
def backup_codes_renew(*, user: User) -> list[str]:
    """Ten single-use backup codes, replacing any earlier ones. Shown once; stored as django-otp keeps them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def second_factor_remove(*, user: User, required: bool) -> None:
    if required:
        raise ValidationError({"__all__": "Your district requires a second factor for your role."})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
