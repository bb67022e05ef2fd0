"""Calendar invites: event content and text, the RFC 5545 writer, the issued ledger, the planner."""
