"""Home and preferred languages (ISO 639-1 where one exists), the ones US districts see most.

The list is data, not policy: a district with another language adds it here.
"""

LANGUAGE_CHOICES: list[tuple[str, str]] = [
    ("en", "English"),
    ("es", "Spanish"),
    ("zh", "Chinese"),
    ("vi", "Vietnamese"),
    ("ar", "Arabic"),
    ("tl", "Tagalog"),
    ("ko", "Korean"),
    ("ru", "Russian"),
    ("ht", "Haitian Creole"),
    ("pt", "Portuguese"),
    ("fr", "French"),
    ("so", "Somali"),
    ("hmn", "Hmong"),
    ("ur", "Urdu"),
    ("pa", "Punjabi"),
    ("bn", "Bengali"),
    ("uk", "Ukrainian"),
    ("ps", "Pashto"),
    ("fa", "Persian"),
    ("ase", "American Sign Language"),
    ("other", "Other"),
]
