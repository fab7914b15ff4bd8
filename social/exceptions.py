class SocialError(Exception):
    """A social-post rule was broken (bad week, wrong state, not allowed); the message is for people."""
