"""The Spanish version of the example (--lang es): the masthead, the title, the headings,
the attendance in Spanish order, the adoption, word for word; the Spanish grammar of
the sentences (articles, ordinals, "e" before an i sound) on its own."""

from __future__ import annotations

import datetime as dt

from language_versions import LanguageVersion, grammar


class TestSpanish(LanguageVersion):
    """The example in Spanish."""

    code = "es"
    articles = ("el", "la", "los", "las")
    masthead = (
        "Naciones Unidas    CTOC/COP/WG.7/2017/5",
        "Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia "
        "Organizada Transnacional",
        "Distr. general",
        "27 de septiembre de 2017",
        "Español",
        "Original: inglés",
        "Informe sobre la reunión del Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes "
        "celebrada en Viena del 11 al 13 de septiembre de 2017",
    )
    chapters = ("I. Introducción", "II. Recomendaciones", "III. Resumen de las deliberaciones",
                "IV. Organización de la reunión", "V. Aprobación del informe")
    sections = ("A. Apertura de la reunión", "B. Declaraciones",
                "C. Aprobación del programa y organización de los trabajos", "D. Asistencia",
                "E. Documentación")
    paragraphs = {
        7: "En sus sesiones segunda y tercera, celebradas los días 11 y 12 de septiembre de 2017, "
           "el Grupo de Trabajo examinó el tema 2 del programa, titulado “Preparación del "
           "cuestionario para examinar la aplicación del Protocolo contra el Tráfico Ilícito de "
           "Migrantes”. En relación con el tema del programa, el Presidente invitó a los Estados "
           "a que formularan observaciones de carácter general sobre el proyecto de cuestionario.",
        # "e", not "y", before the i sound of Irán.
        22: "También formularon declaraciones los observadores de los siguientes Estados: Colombia "
            "e Irán (República Islámica del).",
        23: "En su primera sesión, celebrada el 11 de septiembre de 2017, el Grupo de Trabajo "
            "aprobó por consenso el siguiente programa:",
        24: "Los siguientes Estados partes en el Protocolo contra el Tráfico Ilícito de Migrantes "
            "estuvieron representados en el Grupo de Trabajo: Afganistán, Alemania, Angola, "
            "Argelia, Argentina, Armenia, Australia, Austria, Azerbaiyán, Bahamas, Belarús, "
            "Bélgica, "
            "Brasil, Burkina Faso, Burundi, Canadá, Chequia, Chile, Chipre, Côte d’Ivoire, "
            "Croacia, "
            "Cuba, Ecuador, El Salvador, Eslovaquia, España, Estados Unidos de América, Estonia, "
            "Federación de Rusia, Filipinas, Francia, Grecia, Guatemala, Hungría, India, "
            "Indonesia, "
            "Iraq, Italia, Japón, Kuwait, Líbano, Luxemburgo, Malta, México, Myanmar, Namibia, "
            "Nigeria, Noruega, Nueva Zelandia, Omán, Panamá, Paraguay, Perú, Polonia, Portugal, "
            "Reino Unido de Gran Bretaña e Irlanda del Norte, República de Corea, República "
            "Dominicana, Rumania, Serbia, Sudáfrica, Túnez, Turquía, Ucrania, Uruguay y Venezuela "
            "(República Bolivariana de).",
        25: "La Unión Europea, organización regional de integración económica que es parte en el "
            "Protocolo contra el Tráfico Ilícito de Migrantes, estuvo representada en la reunión.",
        26: "Los siguientes Estados signatarios del Protocolo contra el Tráfico Ilícito de "
            "Migrantes "
            "estuvieron representados por observadores: Bolivia (Estado Plurinacional de), Sri "
            "Lanka y Tailandia.",
        32: "El 13 de septiembre de 2017, el Grupo de Trabajo aprobó el presente informe sobre su "
            "reunión.",
    }
    # "Ch" is no letter of its own (Chequia after Canadá), accents count only after the
    # letters (Bélgica after Belarús): ICU's Spanish collation, as UN lists in Spanish.
    order = (("Canadá", "Chequia"), ("Belarús", "Bélgica"), ("Chipre", "Côte d’Ivoire"),
             ("Perú", "Polonia"))
    sentences = (
        ("attendance-non-member-states", {"attendance": {"non_member_states": 1}},
         "Un Estado no miembro estuvo representado por un observador."),
        ("attendance-intergovernmental-organizations",
         {"attendance": {"intergovernmental_organizations": 21}},
         "Veintiuna organizaciones intergubernamentales estuvieron representadas por "
         "observadores."),
        ("agenda-adopted", {"agenda": {"adopted": {"meeting": 19, "date": dt.date(2002, 9, 20)},
                                       "by_consensus": False},
                            "meeting": {"short_name": "Comisión"}},
         "En su 19ª sesión, celebrada el 20 de septiembre de 2002, la Comisión aprobó el "
         "siguiente programa:"),
        ("cover-session", {"meeting": {"unit": "session", "number": 13, "resumed": False}},
         "13º período de sesiones"),
        ("cover-session", {"meeting": {"unit": "session", "number": 3, "resumed": True}},
         "Continuación del tercer período de sesiones"),
        ("report-adopted", {"meeting": {"unit": "session", "number": 1, "resumed": False,
                                        "short_name": "Comisión"},
                            "adoption": {"date": dt.date(2019, 5, 24)}},
         "El 24 de mayo de 2019, la Comisión aprobó el informe sobre su primer período de "
         "sesiones."),
    )

    def test_a_state_named_alone_takes_its_article(self) -> None:
        assert grammar("es", "state_del", ["Afganistán", "Argentina", "Países Bajos",
                                           "Tailandia"]) == [
            "del Afganistán", "de la Argentina", "de los Países Bajos", "de Tailandia"]
