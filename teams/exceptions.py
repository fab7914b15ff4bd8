class TeamsError(Exception):
    """A rule of hackathon teams, submissions or judging refused an action; the message is safe to show."""
