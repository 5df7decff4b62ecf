"""Parameters of the password-reset link. The page is public and shows no student record (NOT_COVERED);
the harness still builds every path, so it needs values: a user id that is not encoded and a token that
is not valid, which the view answers with "This link no longer works"."""

URL_PARAMETERS = {
    "uidb64": lambda student: "MA",
    "token": lambda student: "set-password",
}
