"""The care navigators' workspace (residents, needs, referrals, follow-ups)."""
