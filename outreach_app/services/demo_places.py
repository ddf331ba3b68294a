"""Real Copenhagen street names with approximate positions inside the municipality.

Frederiksberg (an enclave with its own municipality) is avoided. House numbers are
added by the demo seeder; the people living there are fictional.
"""

# (street, postcode, district, lat, lon)
STREETS = (
    ("Nørrebrogade", "2200", "København N", 55.6905, 12.5525),
    ("Jagtvej", "2200", "København N", 55.6965, 12.5475),
    ("Tagensvej", "2200", "København N", 55.7030, 12.5530),
    ("Heimdalsgade", "2200", "København N", 55.6992, 12.5470),
    ("Blågårdsgade", "2200", "København N", 55.6862, 12.5570),
    ("Griffenfeldsgade", "2200", "København N", 55.6890, 12.5560),
    ("Glasvej", "2400", "København NV", 55.7010, 12.5400),
    ("Rentemestervej", "2400", "København NV", 55.7070, 12.5330),
    ("Frederikssundsvej", "2400", "København NV", 55.7030, 12.5200),
    ("Tomsgårdsvej", "2400", "København NV", 55.7050, 12.5300),
    ("Bispebjerg Bakke", "2400", "København NV", 55.7120, 12.5370),
    ("Dortheavej", "2400", "København NV", 55.7020, 12.5200),
    ("Ruten", "2700", "Brønshøj", 55.7230, 12.4810),
    ("Gadelandet", "2700", "Brønshøj", 55.7110, 12.4720),
    ("Bellahøjvej", "2700", "Brønshøj", 55.7060, 12.5090),
    ("Slotsherrensvej", "2720", "Vanløse", 55.6955, 12.4780),
    ("Jyllingevej", "2720", "Vanløse", 55.6990, 12.4700),
    ("Østerbrogade", "2100", "København Ø", 55.7030, 12.5790),
    ("Strandboulevarden", "2100", "København Ø", 55.7040, 12.5880),
    ("Lyngbyvej", "2100", "København Ø", 55.7180, 12.5620),
    ("Emdrupvej", "2400", "København NV", 55.7170, 12.5530),
    ("Istedgade", "1650", "København V", 55.6690, 12.5560),
    ("Enghavevej", "1674", "København V", 55.6640, 12.5400),
    ("Vesterbrogade", "1620", "København V", 55.6720, 12.5500),
    ("Valby Langgade", "2500", "Valby", 55.6640, 12.5100),
    ("Vigerslev Allé", "2500", "Valby", 55.6600, 12.5150),
    ("Toftegårds Allé", "2500", "Valby", 55.6620, 12.5200),
    ("Folehaven", "2500", "Valby", 55.6490, 12.4960),
    ("Gammel Køge Landevej", "2500", "Valby", 55.6500, 12.5100),
    ("Sjælør Boulevard", "2450", "København SV", 55.6520, 12.5180),
    ("Borgbygård Allé", "2450", "København SV", 55.6470, 12.5290),
    ("Mozarts Plads", "2450", "København SV", 55.6490, 12.5360),
    ("Mågevej", "2400", "København NV", 55.7080, 12.5270),
    ("Amagerbrogade", "2300", "København S", 55.6625, 12.6020),
    ("Holmbladsgade", "2300", "København S", 55.6650, 12.6100),
    ("Sundholmsvej", "2300", "København S", 55.6560, 12.6000),
    ("Englandsvej", "2300", "København S", 55.6440, 12.6030),
    ("Sundbyvester Plads", "2300", "København S", 55.6580, 12.5960),
    ("Vermlandsgade", "2300", "København S", 55.6680, 12.6040),
    ("Peder Lykkes Vej", "2300", "København S", 55.6500, 12.6060),
    ("Amager Strandvej", "2300", "København S", 55.6650, 12.6300),
    ("Njalsgade", "2300", "København S", 55.6650, 12.5900),
    ("Artillerivej", "2300", "København S", 55.6600, 12.5870),
    ("Ørestads Boulevard", "2300", "København S", 55.6300, 12.5800),
    ("Torvegade", "1400", "København K", 55.6730, 12.5920),
    ("Gothersgade", "1123", "København K", 55.6840, 12.5800),
    ("Nørre Voldgade", "1358", "København K", 55.6830, 12.5700),
    ("Hillerødgade", "2200", "København N", 55.6950, 12.5330),
)

FIRST_NAMES = (
    "Anna", "Mads", "Sofie", "Jonas", "Ida", "Mikkel", "Freja", "Emil", "Laura", "Oliver",
    "Clara", "Lucas", "Maja", "William", "Ella", "Noah", "Karla", "Victor", "Alma", "Magnus",
)
# Surnames that no real family carries: the demo people are obviously invented.
SURNAMES = (
    "Demosen", "Fiktivsen", "Prøvesen", "Eksempelgaard", "Opdigtsen", "Testrup",
    "Påfundsen", "Skitsebæk", "Modelholm", "Attrapsen",
)

# Denmark reserves no numbers for fiction (the Danish numbering plan, SDFI, has no such
# range, unlike Ofcom's +44 7700 900xxx, which the app rightly refuses as not Danish).
# The demo uses the block around the number libphonenumber itself documents as Denmark's
# example mobile (+45 34 41 23 45): valid for the app's own phone check, so a demo citizen
# can be edited and saved unchanged. It could still belong to someone, which is why the
# demo refuses any SMS backend but the outbox (it sends nothing).
FICTION_PHONE_PREFIX = "+453441"

# Which team covers a postcode: Nord the north and east, City the centre and the west,
# Amager the island.
TEAM_BY_POSTCODE_START = (("23", "Vægterkorps Amager"), ("21", "Vægterkorps Nord"),
                          ("22", "Vægterkorps Nord"), ("24", "Vægterkorps Nord"),
                          ("27", "Vægterkorps Nord"))


def team_for(postcode: str) -> str:
    """The name of the demo team whose district holds `postcode`."""
    for start, team in TEAM_BY_POSTCODE_START:
        if postcode.startswith(start):
            return team
    return "Opsøgende team City"
