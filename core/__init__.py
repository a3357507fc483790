"""Site-wide code: what every app uses and no app owns (see README.md). The lowest layer: imports no app."""
