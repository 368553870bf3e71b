"""Contributing from the browser: GitHub issue forms generated from the vocabularies and the
schema, a proposal's issue body turned into a practice folder, and a practice turned back into
the body of its form."""
