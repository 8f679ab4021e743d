"""Accounts: sign-up with a confirmation link (`signup`), the mail about an account sent
by a worker (`mail`), preferences (`preferences`) and the throttles on log-in, sign-up and
reset (`throttling`)."""
