"""The law's clock: law profiles, school calendars and the deadlines they give (pure Python, no ORM)."""
