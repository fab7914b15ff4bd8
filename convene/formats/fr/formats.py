# Django's own date and number formats in French as Canada writes them (the fr_CA conventions: 24 h
# clock written "18 h 30", ISO short dates, space-grouped thousands, Sunday first). Django's built-in
# `fr` formats are France's; these replace them wherever `|date`, `formats.date_format` or
# `number_format` run in French. Dates shown with a zone go through events.formatting instead.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "G \\h i"
DATETIME_FORMAT = "j F Y, G \\h i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d G \\h i"
FIRST_DAY_OF_WEEK = 0  # Sunday
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
