"""The French version of the example (--lang fr): the masthead, the title, the headings,
the attendance in French order, the adoption, word for word; the French grammar of
the sentences (articles, agreement, feminine numbers) on its own."""

from __future__ import annotations

import datetime as dt

from language_versions import LanguageVersion, grammar

NBSP = "\u00a0"
ADOPTED = {"date": dt.date(2019, 5, 24)}


class TestFrench(LanguageVersion):
    """The example in French."""

    code = "fr"
    articles = ("l’", "le", "la", "les")
    masthead = (
        "Nations Unies    CTOC/COP/WG.7/2017/5",
        "Conférence des Parties à la Convention des Nations Unies contre la criminalité "
        "transnationale organisée",
        "Distr. générale",
        "27 septembre 2017",
        "Français",
        f"Original{NBSP}: anglais",
        "Rapport sur la réunion du Groupe de travail sur le trafic illicite de migrants tenue à "
        "Vienne du 11 au 13 septembre 2017",
    )
    chapters = ("I. Introduction", "II. Recommandations", "III. Résumé des débats",
                "IV. Organisation de la réunion", "V. Adoption du rapport")
    sections = ("A. Ouverture de la réunion", "B. Déclarations",
                "C. Adoption de l’ordre du jour et organisation des travaux", "D. Participation",
                "E. Documentation")
    paragraphs = {
        7: "À ses 2e et 3e séances, les 11 et 12 septembre 2017, le Groupe de travail a examiné le "
           f"point 2 de l’ordre du jour, intitulé «{NBSP}Élaboration du questionnaire pour "
           f"l’examen "
           f"de l’application du Protocole relatif au trafic illicite de migrants{NBSP}». Au titre "
           "de ce point de l’ordre du jour, le Président a invité les États à formuler des "
           "observations de caractère général sur le projet de questionnaire.",
        21: "L’observateur de la Thaïlande, État signataire du Protocole relatif au trafic "
            "illicite "
            "de migrants, a également fait une déclaration.",
        23: "À sa 1re séance, le 11 septembre 2017, le Groupe de travail a adopté par consensus "
            f"l’ordre du jour suivant{NBSP}:",
        24: "Les États parties au Protocole relatif au trafic illicite de migrants ci-après "
            "étaient "
            f"représentés au sein du Groupe de travail{NBSP}: Afghanistan, Afrique du Sud, "
            f"Algérie, "
            "Allemagne, Angola, Argentine, Arménie, Australie, Autriche, Azerbaïdjan, Bahamas, "
            "Bélarus, Belgique, Brésil, Burkina Faso, Burundi, Canada, Chili, Chypre, Côte "
            "d’Ivoire, "
            "Croatie, Cuba, El Salvador, Équateur, Espagne, Estonie, États-Unis d’Amérique, "
            "Fédération de Russie, France, Grèce, Guatemala, Hongrie, Inde, Indonésie, Iraq, "
            "Italie, "
            "Japon, Koweït, Liban, Luxembourg, Malte, Mexique, Myanmar, Namibie, Nigéria, Norvège, "
            "Nouvelle-Zélande, Oman, Panama, Paraguay, Pérou, Philippines, Pologne, Portugal, "
            "République de Corée, République dominicaine, Roumanie, Royaume-Uni de Grande-Bretagne "
            "et d’Irlande du Nord, Serbie, Slovaquie, Tchéquie, Tunisie, Turquie, Ukraine, "
            "Uruguay et "
            "Venezuela (République bolivarienne du).",
        25: "L’Union européenne, organisation régionale d’intégration économique partie au "
            "Protocole "
            "relatif au trafic illicite de migrants, était représentée à la réunion.",
        27: "Les États ci-après, qui ne sont ni parties ni signataires du Protocole relatif au "
            "trafic "
            f"illicite de migrants, étaient représentés par des observateurs{NBSP}: Chine, "
            f"Colombie, "
            "Émirats arabes unis, État de Palestine, Iran (République islamique d’), Israël, "
            "Jordanie, Maroc, Népal, Pakistan, Qatar, Singapour, Soudan, Viet Nam et Yémen.",
        32: "Le 13 septembre 2017, le Groupe de travail a adopté le présent rapport sur sa "
            "réunion.",
    }
    # Accents count only after the letters (ICU's French collation, as UN lists in French).
    order = (("Bélarus", "Belgique"), ("El Salvador", "Équateur"),
             ("Estonie", "États-Unis d’Amérique"), ("Chypre", "Côte d’Ivoire"))
    sentences = (
        ("attendance-intergovernmental-organizations",
         {"attendance": {"intergovernmental_organizations": 1}},
         "Une organisation intergouvernementale était représentée par un observateur."),
        ("attendance-intergovernmental-organizations",
         {"attendance": {"intergovernmental_organizations": 21}},
         "Vingt et une organisations intergouvernementales étaient représentées par des "
         "observateurs."),
        ("cover-session", {"meeting": {"unit": "session", "number": 1, "resumed": False}},
         "Première session"),
        ("report-adopted", {"meeting": {"unit": "session", "number": 21, "resumed": False,
                                        "short_name": "Commission"}, "adoption": ADOPTED},
         "Le 24 mai 2019, la Commission a adopté le rapport sur les travaux de sa vingt et unième "
         "session."),
    )

    def test_a_state_named_alone_takes_its_article(self) -> None:
        assert grammar("fr", "state_du", ["Mexique", "Iraq", "Philippines", "Cuba", "Israël",
                                          "Thaïlande"]) == [
            "du Mexique", "de l’Iraq", "des Philippines", "de Cuba", "d’Israël", "de la Thaïlande"]
