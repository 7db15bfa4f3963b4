using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>The small word lists realistic values are drawn from, per locale (en, de).</summary>
public static class WordLists
{
    public static string[] FirstNamesEn => Pools.FirstNamesEn;
    public static string[] FirstNamesDe => Pools.FirstNamesDe;
    public static string[] LastNamesEn => Pools.LastNamesEn;
    public static string[] LastNamesDe => Pools.LastNamesDe;

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

    public static readonly string[] CountryCodes =
    [
        "US", "GB", "DE", "FR", "IT", "ES", "NL", "BE", "AT", "CH", "SE", "NO", "DK", "FI", "PL", "CZ", "PT", "IE",
        "CA", "AU", "NZ", "JP", "KR", "CN", "IN", "BR", "MX", "AR", "ZA", "SG",
    ];

    public static readonly string[] CompanySuffixesEn = ["Inc.", "LLC", "Ltd", "Group", "Corp.", "& Co.", "Partners", "Holdings"];
    public static readonly string[] CompanySuffixesDe = ["GmbH", "AG", "KG", "GmbH & Co. KG", "OHG", "e.K.", "SE", "Gruppe"];

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

    // German free text: nouns capitalised, as German writes them.
    public static readonly string[] WordsDe =
    [
        "Haus", "Garten", "Straße", "Sonne", "Wasser", "Brücke", "Wald", "Licht", "Zeit", "Weg",
        "schnell", "leise", "hell", "frisch", "klein", "groß", "neu", "alt", "gut", "schön",
        "bitte", "liefern", "vor", "nach", "Tür", "klingeln", "abgeben", "Nachbar", "Büro", "Empfang",
        "Paket", "Dienst", "Qualität", "Angebot", "Bericht", "Projekt", "Team", "Plan", "Entwurf", "Version",
        "Kunde", "Rechnung", "Lieferung", "Bestellung", "Auftrag", "Vertrag", "Termin", "Abteilung", "Lager", "Ware",
        "prüfen", "senden", "bestätigen", "freigeben", "und", "mit", "ohne", "für", "heute", "morgen",
    ];

    public static readonly string[] TitleWordsEn =
    [
        "Silent", "River", "Shadow", "Garden", "Winter", "Light", "House", "Road", "Stars", "Sea",
        "Forgotten", "Kingdom", "Letters", "Night", "Morning", "Journey", "Secret", "Island", "Fire", "Glass",
    ];
}

/// <summary>
/// Free-text sentences from a real vocabulary: "The new customers confirm the open orders." /
/// "Die neuen Kunden bestätigen die offenen Bestellungen." Plural subject and object keep German
/// articles and adjective endings right for every noun (die … -en … -en), nouns capitalised.
/// </summary>
public static class Sentences
{
    private static readonly string[] AdjectivesEn =
        ["new", "open", "late", "urgent", "small", "large", "regional", "annual", "quiet", "early", "final", "local", "digital", "printed", "weekly",
            "missing", "approved", "pending", "friendly", "careful"];
    private static readonly string[] NounsEn =
        ["customers", "orders", "invoices", "suppliers", "deliveries", "reports", "teams", "managers", "payments", "contracts", "offices", "parcels",
            "requests", "projects", "accounts", "drivers", "tickets", "shipments", "reviews", "neighbours"];
    private static readonly string[] VerbsEn =
        ["confirm", "check", "send", "approve", "update", "review", "prepare", "collect", "cancel", "deliver", "sign", "follow", "answer", "close",
            "open", "receive"];
    private static readonly string[] TailsEn =
        ["today", "before noon", "by Friday", "at the front door", "next week", "after the call", "on time", "again", "with care", "this morning"];

    // German adjective stems take -en after the plural article "die".
    private static readonly string[] AdjectivesDe =
        ["neu", "offen", "spät", "dringend", "klein", "groß", "regional", "jährlich", "ruhig", "früh", "letzt", "lokal", "digital", "gedruckt",
            "wöchentlich", "fehlend", "freundlich", "sorgfältig", "pünktlich", "geprüft"];
    private static readonly string[] NounsDe =
        ["Kunden", "Bestellungen", "Rechnungen", "Lieferanten", "Lieferungen", "Berichte", "Teams", "Abteilungen", "Zahlungen", "Verträge", "Büros",
            "Pakete", "Anfragen", "Projekte", "Konten", "Fahrer", "Aufträge", "Sendungen", "Nachbarn", "Termine"];
    private static readonly string[] VerbsDe =
        ["bestätigen", "prüfen", "senden", "genehmigen", "aktualisieren", "erstellen", "sammeln", "stornieren", "liefern", "unterschreiben",
            "beantworten", "schließen", "öffnen", "erhalten", "planen", "bearbeiten"];
    private static readonly string[] TailsDe =
        ["heute", "vor Mittag", "bis Freitag", "an der Haustür", "nächste Woche", "nach dem Anruf", "pünktlich", "noch einmal", "mit Sorgfalt",
            "heute Morgen"];

    private static string Pick(ref RecordRandom rng, string[] list) => list[rng.NextInt(list.Length)];

    public static void Write(ref RecordRandom rng, RecordBuffer buffer, bool german)
    {
        if (german)
        {
            buffer.Append("Die ");
            buffer.Append(Pick(ref rng, AdjectivesDe)); buffer.Append("en ");
            buffer.Append(Pick(ref rng, NounsDe)); buffer.Append(' ');
            buffer.Append(Pick(ref rng, VerbsDe)); buffer.Append(" die ");
            buffer.Append(Pick(ref rng, AdjectivesDe)); buffer.Append("en ");
            buffer.Append(Pick(ref rng, NounsDe));
            if (rng.Chance(0.5)) { buffer.Append(' '); buffer.Append(Pick(ref rng, TailsDe)); }
        }
        else
        {
            buffer.Append("The ");
            buffer.Append(Pick(ref rng, AdjectivesEn)); buffer.Append(' ');
            buffer.Append(Pick(ref rng, NounsEn)); buffer.Append(' ');
            buffer.Append(Pick(ref rng, VerbsEn)); buffer.Append(" the ");
            buffer.Append(Pick(ref rng, AdjectivesEn)); buffer.Append(' ');
            buffer.Append(Pick(ref rng, NounsEn));
            if (rng.Chance(0.5)) { buffer.Append(' '); buffer.Append(Pick(ref rng, TailsEn)); }
        }
        buffer.Append('.');
    }
}
