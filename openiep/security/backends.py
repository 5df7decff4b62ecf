"""django-axes' backend, for sign-ins that come through a request (the sign-in page).

``authenticate()`` without a request (Django's test client ``login()``, a shell) has nothing to lock out by
and no page to answer on, so it falls through to the next backend instead of raising.
"""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
