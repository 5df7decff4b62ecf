"""Locust users for bench/load.py: case managers, providers and parents, with the demo accounts.

The app sets Secure cookies (as in production); the load runs over plain HTTP on 127.0.0.1, so each user
keeps its own cookies and sends them itself (an HTTP client drops Secure cookies on http:// URLs).
Every request is named by page so the report gives one line per page.
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "openiep-demo-2026")
STUDENT_LINK = re.compile(r'href="/students/(\d+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        self.jar: dict[str, str] = {}
        page = self._get("/sign-in/", "sign-in page")
        token = CSRF.search(page.text).group(1)
        response = self.client.post("/sign-in/", data={"username": self.username, "password": PASSWORD,
                                                       "csrfmiddlewaretoken": token},
                                    headers=self._headers(), name="sign in", allow_redirects=False)
        self._keep(response)
        if response.status_code != 302:
            response.failure(f"sign-in as {self.username} answered {response.status_code}")
        home = self._get("/", "home")
        self.students = [int(n) for n in STUDENT_LINK.findall(home.text)] or [0]

    def _headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())} if self.jar else {}

    def _keep(self, response) -> None:
        for cookie in response.cookies:
            self.jar[cookie.name] = cookie.value

    def _get(self, path: str, name: str):
        with self.client.get(path, headers=self._headers(), name=name, catch_response=True,
                             allow_redirects=False) as response:
            self._keep(response)
            if response.status_code != 200:
                response.failure(f"{path}: HTTP {response.status_code}")
            return response

    def student(self) -> int:
        return random.choice(self.students)


class CaseManager(SignedIn):
    weight = 4
    username = "casemanager"

    @task(4)
    def caseload(self):
        self._get("/", "home: case manager")

    @task(4)
    def profile(self):
        self._get(f"/students/{self.student()}/", "student profile")

    @task(2)
    def case_page(self):
        self._get(f"/students/{self.student()}/case/", "case page")

    @task(1)
    def search(self):
        self._get(f"/students/?q={random.choice('abcdeglmnrst')}", "student search")

    @task(1)
    def deadlines(self):
        self._get("/compliance/", "deadline dashboard")

    @task(1)
    def access_record(self):
        self._get(f"/students/{self.student()}/access-record/", "record of access")


class Provider(SignedIn):
    weight = 3
    username = "provider"

    @task(3)
    def service_caseload(self):
        self._get("/", "home: provider")

    @task(3)
    def profile(self):
        self._get(f"/students/{self.student()}/", "student profile")


class Parent(SignedIn):
    weight = 3
    username = "parent"

    @task(3)
    def my_children(self):
        self._get("/", "home: parent")

    @task(3)
    def child(self):
        self._get(f"/students/{self.student()}/", "student profile")

    @task(1)
    def who_looked(self):
        self._get(f"/students/{self.student()}/access-record/", "record of access")
