namespace Tdmp.Generation.Values;

/// <summary>The small word lists realistic values are drawn from, per locale (en, de).</summary>
public static class WordLists
{
    public static readonly string[] FirstNamesEn =
    [
        "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
        "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
        "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
        "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie",
        "Ronald", "Rebecca", "Jason", "Laura", "Edward", "Sharon", "Jeffrey", "Cynthia", "Ryan", "Kathleen",
        "Jacob", "Amy", "Gary", "Angela", "Nicholas", "Shirley", "Eric", "Anna", "Jonathan", "Brenda",
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "Lucas",
    ];

    public static readonly string[] FirstNamesDe =
    [
        "Lukas", "Anna", "Leon", "Lea", "Finn", "Hannah", "Jonas", "Lena", "Paul", "Sophie",
        "Felix", "Marie", "Maximilian", "Emma", "Elias", "Mia", "Ben", "Laura", "Noah", "Lina",
        "Luis", "Clara", "Julian", "Johanna", "Tim", "Katharina", "Jan", "Julia", "Niklas", "Sarah",
        "Tobias", "Sabine", "Stefan", "Petra", "Andreas", "Monika", "Michael", "Ursula", "Thomas", "Karin",
        "Jürgen", "Renate", "Klaus", "Birgit", "Uwe", "Heike", "Wolfgang", "Susanne", "Matthias", "Claudia",
        "Günter", "Gisela", "Dieter", "Brigitte", "Frank", "Andrea", "Sebastian", "Nicole", "Florian", "Jana",
        "Moritz", "Greta", "Emil", "Ida", "Anton", "Frieda", "Karl", "Mathilda", "Oskar", "Charlotte",
    ];

    public static readonly string[] LastNamesEn =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
        "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
        "Turner", "Phillips", "Evans", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan",
        "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson",
    ];

    public static readonly string[] LastNamesDe =
    [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
        "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
        "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
        "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert",
        "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz",
    ];

    public static readonly string[] StreetNamesEn =
    [
        "Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park",
        "Church", "High", "Mill", "Station", "Victoria", "Green", "Kings", "Queens", "North", "South",
        "Bridge", "Chestnut", "Willow", "Sunset", "River", "Spring", "Meadow", "Forest", "Highland", "Franklin",
    ];

    public static readonly string[] StreetTypesEn = ["Street", "Road", "Avenue", "Lane", "Drive", "Way", "Court", "Place"];

    public static readonly string[] StreetNamesDe =
    [
        "Haupt", "Bahnhof", "Garten", "Schul", "Dorf", "Berg", "Kirch", "Wald", "Ring", "Linden",
        "Birken", "Wiesen", "Mühlen", "Sonnen", "Rosen", "Goethe", "Schiller", "Beethoven", "Friedhof", "Markt",
        "Feld", "Bach", "Tannen", "Eichen", "Burg", "Post", "Park", "Buchen", "Kastanien", "Mozart",
    ];

    public static readonly string[] StreetTypesDe = ["straße", "weg", "allee", "gasse", "platz", "ring"];

    public static readonly string[] CitiesEn =
    [
        "New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Philadelphia", "San Antonio", "San Diego", "Dallas", "Austin",
        "Seattle", "Denver", "Boston", "Portland", "Atlanta", "Miami", "London", "Manchester", "Birmingham", "Leeds",
        "Glasgow", "Liverpool", "Bristol", "Edinburgh", "Dublin", "Toronto", "Vancouver", "Sydney", "Melbourne", "Auckland",
    ];

    public static readonly string[] CitiesDe =
    [
        "Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf", "Leipzig", "Dortmund", "Essen",
        "Bremen", "Dresden", "Hannover", "Nürnberg", "Duisburg", "Bochum", "Wuppertal", "Bielefeld", "Bonn", "Münster",
        "Mannheim", "Karlsruhe", "Augsburg", "Wiesbaden", "Freiburg", "Wien", "Graz", "Zürich", "Basel", "Bern",
    ];

    public static readonly string[] CountryCodes =
    [
        "US", "GB", "DE", "FR", "IT", "ES", "NL", "BE", "AT", "CH", "SE", "NO", "DK", "FI", "PL", "CZ", "PT", "IE",
        "CA", "AU", "NZ", "JP", "KR", "CN", "IN", "BR", "MX", "AR", "ZA", "SG",
    ];

    public static readonly string[] CountryCodesDe = ["DE", "DE", "DE", "DE", "AT", "CH", "NL", "FR", "PL", "IT", "DK", "BE", "LU", "CZ"];

    public static readonly string[] CompanySuffixesEn = ["Inc.", "LLC", "Ltd", "Group", "Corp.", "& Co.", "Partners", "Holdings"];
    public static readonly string[] CompanySuffixesDe = ["GmbH", "AG", "KG", "GmbH & Co. KG", "OHG", "e.K.", "SE", "Gruppe"];

    public static readonly string[] CurrencyCodes = ["EUR", "USD", "GBP", "CHF", "JPY", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD"];

    public static readonly string[] EmailDomains = ["example.com", "example.org", "example.net", "mail.example.com", "test.example"];
    public static readonly string[] TopLevelDomains = ["com", "org", "net", "io", "de", "eu"];

    public static readonly string[] WordsEn =
    [
        "alpha", "river", "stone", "bright", "quiet", "garden", "silver", "market", "window", "summer",
        "paper", "orange", "travel", "signal", "forest", "harbor", "little", "golden", "winter", "delivery",
        "fresh", "order", "simple", "modern", "classic", "urban", "coastal", "morning", "evening", "north",
        "package", "service", "quality", "premium", "standard", "express", "global", "local", "digital", "natural",
        "please", "deliver", "before", "after", "door", "gate", "call", "ring", "leave", "reception",
        "project", "team", "office", "account", "report", "update", "review", "plan", "design", "release",
    ];

    public static readonly string[] WordsDe =
    [
        "haus", "garten", "straße", "sonne", "wasser", "brücke", "wald", "licht", "zeit", "weg",
        "schnell", "leise", "hell", "frisch", "klein", "groß", "neu", "alt", "gut", "schön",
        "bitte", "liefern", "vor", "nach", "tür", "klingeln", "abgeben", "nachbar", "büro", "empfang",
        "paket", "dienst", "qualität", "angebot", "bericht", "projekt", "team", "plan", "entwurf", "version",
    ];

    public static readonly string[] TitleWordsEn =
    [
        "Silent", "River", "Shadow", "Garden", "Winter", "Light", "House", "Road", "Stars", "Sea",
        "Forgotten", "Kingdom", "Letters", "Night", "Morning", "Journey", "Secret", "Island", "Fire", "Glass",
    ];
}
