"""The weekly digest: what it says (`content`), how it is written as an e-mail (`emails`)
and the loop that sends it once per person and week (`sending`)."""
