"""The portal's models live with the part of the portal they serve."""

from ansinh.portal.citizen.models import OneTimeCode  # noqa: F401
