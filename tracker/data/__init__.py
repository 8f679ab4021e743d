"""The person's data in and out: CSV files from other trackers (read, mapped, previewed,
imported — large ones by a worker), the applications as CSV and the whole account as JSON,
both streamed; and the shipped list of well-known employers that suggests a new company's
tier (`employer_tiers`)."""
