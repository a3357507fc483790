"""The demo content, taken from the seed: the Occitanie club of authorities' meeting of 30 Nov 2023.

Everything named here is named by the seed (../shared/seed/000_9093bd30d362791f.txt); sentences are
the seed's own, lightly cut. Territory codes are the official INSEE codes (SIREN for EPCIs).
"""

from datetime import date, time

# (level, code, name, parent key) — the minimal reference used when `load_territories` has not run.
TERRITORIES = [
    ("region", "76", "Occitanie", None),
    ("department", "31", "Haute-Garonne", "region-76"),
    ("epci", "243100633", "CA du Sicoval", "department-31"),
    ("epci", "243100518", "Toulouse Métropole", "department-31"),
    ("commune", "31446", "Ramonville-Saint-Agne", "epci-243100633"),
    ("commune", "31113", "Castanet-Tolosan", "epci-243100633"),
    ("commune", "31555", "Toulouse", "epci-243100518"),
    ("commune", "31395", "Muret", "department-31"),
]

THEMES = [
    "Alimentation",
    "Réemploi",
    "Insertion",
    "Mobilité",
    "Tiers-lieux",
    "Coopération",
    "Innovation sociale",
    "Transition écologique",
    "Réseaux d'acteurs",
    "Stratégie ESS",
]

# key: (name, acronym, category, legal form, commune INSEE code or None, territory key or None, description)
ORGANISATIONS = {
    "rtes": (
        "Réseau des collectivités Territoriales pour une Economie Solidaire",
        "RTES",
        "network",
        "association",
        None,
        None,
        "Réseau national des collectivités engagées pour l'ESS ; il outille les collectivités, "
        "notamment via les clubs coanimés dans 9 régions.",
    ),
    "cress": (
        "Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie",
        "CRESS Occitanie",
        "network",
        "association",
        None,
        "region-76",
        "Chambre régionale de l'ESS en Occitanie.",
    ),
    "sicoval": (
        "Communauté d'Agglomération du Sicoval",
        "Sicoval",
        "authority",
        "collectivite",
        None,
        "epci-243100633",
        "Communauté d'agglomération du Sud-Est toulousain ; sa stratégie ESS a été "
        "présentée le 15 novembre 2023.",
    ),
    "cd31": (
        "Conseil Départemental de la Haute-Garonne",
        "CD31",
        "authority",
        "collectivite",
        None,
        "department-31",
        "Soutient les projets d'innovation sociale en lien avec ses politiques "
        "prioritaires : inclusion, insertion, transition écologique et alimentaire.",
    ),
    "ramonville": (
        "Ville de Ramonville Saint-Agne",
        "",
        "authority",
        "collectivite",
        "31446",
        "commune-31446",
        "",
    ),
    "toulouse_metropole": (
        "Toulouse Métropole",
        "",
        "authority",
        "collectivite",
        "31555",
        "epci-243100518",
        "Porte la démarche Toulouse Métropole Impact.",
    ),
    "mutualite": ("Mutualité Française Occitanie", "", "funder", "mutuelle", None, "region-76", ""),
    "maif": ("MAIF", "", "funder", "mutuelle", None, None, ""),
    "periscope": (
        "Le Périscope",
        "",
        "ess_actor",
        "autre",
        "31446",
        None,
        "Tiers-lieu géré par le Sicoval, inauguré le 10 mars 2016, qui héberge douze acteurs de "
        "l'économie sociale et solidaire dans un bâtiment de 1300 m².",
    ),
    "ateliers31": (
        "Ateliers 31",
        "",
        "ess_actor",
        "autre",
        "31555",
        None,
        "Lieu qui accueille le fablab Le F@bRiquet.",
    ),
    "fabriquet": (
        "FabLab Le F@bRiquet",
        "",
        "ess_actor",
        "autre",
        "31555",
        None,
        "Fablab hébergé par le conseil départemental aux Ateliers 31.",
    ),
    "collectif_la_maison": (
        "Collectif La Maison",
        "",
        "ess_actor",
        "association",
        "31555",
        None,
        "Collectif visité lors de la visite urbaine.",
    ),
    "picojoule": (
        "Picojoule",
        "",
        "ess_actor",
        "association",
        None,
        None,
        "Association qui mène une expérimentation de petites unités de méthanisation, sur le Canal du "
        "Midi à destination des péniches, pour traiter le déversement des eaux usées dans le canal.",
    ),
    "rafistolerie": (
        "La Rafistolerie",
        "",
        "ess_actor",
        "association",
        "31113",
        None,
        "Ressourcerie 3R et insertion à Castanet.",
    ),
    "centieme_singe": (
        "Le 100e Singe",
        "",
        "ess_actor",
        "autre",
        None,
        None,
        "Tiers-lieu agroécologique et nourricier, investi dans l'animation de sujets de transitions "
        "agricoles et alimentaires.",
    ),
    "co_mains": (
        "Le Co-Mains",
        "",
        "ess_actor",
        "autre",
        "31395",
        None,
        "Collectif du Muretain des acteurs de l'innovation sociale.",
    ),
    "totocar": (
        "Totocar",
        "",
        "ess_actor",
        "association",
        "31555",
        None,
        "Bus mutualisé pour les associations et acteurs de l'ESS ; ses bénévoles conduisent et assurent "
        "l'entretien du bus afin de permettre à d'autres associations de réaliser leur voyage.",
    ),
    "tabliers": (
        "Les Tabliers Solidaires",
        "",
        "ess_actor",
        "aci",
        None,
        None,
        "Atelier Chantier d'Insertion (ACI) traiteur qui emploie des femmes éloignées de l'emploi pour "
        "valoriser les savoir-faire culinaires ; se fournit principalement auprès de producteurs locaux.",
    ),
    "urscop": ("URSCOP", "URSCOP", "network", "association", None, None, ""),
    "ies": ("ies", "", "ess_actor", "autre", None, None, ""),
    "maison_initiative": (
        "La Maison de l'Initiative",
        "",
        "ess_actor",
        "association",
        None,
        None,
        "",
    ),
}

# (name, position, organisation key, role in the meeting)
PEOPLE = [
    ("André Ducournau", "Président de la CRESS Occitanie", "cress", "Accueil des participants"),
    (
        "Catherine Gaven",
        "Vice-présidente du Sicoval en charge de la cohésion et innovations sociales et de la "
        "politique de la ville",
        "sicoval",
        "Accueil des participants",
    ),
    (
        "Isabelle Hardy",
        "Vice-présidente du Département de Haute-Garonne en charge de la diversification et du "
        "desserrement économique, de l'ESS, emploi local",
        "cd31",
        "Accueil des participants, conclusion du temps d'accueil",
    ),
    (
        "Philippe Piqué",
        "Conseiller municipal de Ramonville Saint-Agne délégué artisanat, tourisme et ESS",
        "ramonville",
        "Accueil des participants, présentation du Périscope",
    ),
    (
        "Nicole Miquel-Belaud",
        "Administratrice du RTES, conseillère ESS à Toulouse Métropole",
        "rtes",
        "Accueil des participants",
    ),
    ("Jacques Oberti", "Président du Sicoval", "sicoval", "Accueil des participants"),
    (
        "Aurélie Zussy-Stirer",
        "Cheffe de projet ESS, Toulouse Métropole Impact",
        "toulouse_metropole",
        "Témoignage, atelier 2",
    ),
]

# The club the meeting belongs to, and who runs it (« co-organisé par la CRESS et le RTES »).
CLUB = {
    "name": "Club des collectivités pour l'ESS en Occitanie",
    "description": "Espace de ressources et de formation entre pairs pour les collectivités engagées pour l'ESS "
    "en Occitanie, co-animé par la CRESS Occitanie et le RTES. Lancé en visioconférence le 8 juin 2023.",
    "territory": "region-76",
    "coordinators": ["rtes", "cress"],
}

# Roles as the seed lists them: co-organisers (RTES, CRESS), host (« accueillie par » le Sicoval), support
# (« avec le soutien du » Conseil départemental), funders (« au soutien de la Mutualité Française Occitanie
# et de la MAIF »).
MEETING_ROLES = [
    ("rtes", "co_organiser"),
    ("cress", "co_organiser"),
    ("sicoval", "host"),
    ("cd31", "supporter"),
    ("mutualite", "funder"),
    ("maif", "funder"),
]

MEETING = {
    "title": "Comment identifier et mobiliser les acteurs de l'ESS pour répondre aux enjeux de mon territoire ?",
    "slug": "club-occitanie-identifier-mobiliser-acteurs-ess-2023",
    "date": date(2023, 11, 30),
    "start_time": time(9, 30),
    "end_time": time(16, 30),
    "venue": "Le Périscope",
    "commune": "commune-31446",
    "participants": 60,
    "summary": "Première rencontre en présentiel du club des collectivités engagées pour l'ESS en Occitanie, "
    "organisée par le RTES et la CRESS Occitanie : deux visites apprenantes et deux ateliers sur les leviers "
    "des collectivités pour identifier et mobiliser les acteurs de l'ESS de leur territoire.",
    "intro": [
        "Le Réseau des collectivités Territoriales pour une Economie Solidaire (RTES) et la Chambre Régionale de "
        "l'Economie Sociale et Solidaire (CRESS) d'Occitanie ont organisé la rencontre du club des collectivités "
        "engagées pour l'ESS en Occitanie le jeudi 30 novembre 2023, de 9h30 à 16h30, au Périscope à "
        "Ramonville-Saint-Agne. La rencontre était accueillie par la Communauté d'Agglomération du Sicoval, et "
        "organisée avec le soutien du Conseil Départemental de Haute-Garonne. Il s'agit de la première rencontre "
        "en présentiel du club suite au lancement en visioconférence le 8 juin 2023.",
        "Une journée riche et dense lors de laquelle une soixantaine de participant.e.s ont pu échanger et en "
        "savoir plus sur les leviers à disposition des collectivités pour identifier et mobiliser les acteurs de "
        "l'économie sociale et solidaire pour répondre aux enjeux du territoire.",
    ],
    "themes": ["Réseaux d'acteurs", "Coopération", "Tiers-lieux", "Innovation sociale"],
    "territories": ["epci-243100633", "department-31", "region-76"],
}

VISITS = [
    {
        "title": "Visite urbaine aux Ateliers 31",
        "kind": "urbaine",
        "description": "Visite du FabLab Le F@bRiquet, puis visite du Collectif La Maison et témoignage de "
        "l'association Picojoule, qui mène une expérimentation de petites unités de méthanisation.",
        "structures": ["ateliers31", "fabriquet", "collectif_la_maison", "picojoule"],
    },
    {
        "title": "Visite péri-urbaine à La Rafistolerie",
        "kind": "peri-urbaine",
        "description": "La Rafistolerie, ressourcerie 3R et insertion, puis visite du tiers-lieu nourricier "
        "Le 100e Singe, tiers-lieu agroécologique et nourricier.",
        "structures": ["rafistolerie", "centieme_singe"],
    },
]

WORKSHOPS = [
    {
        "title": "Atelier 1 : Comment impulser un réseau d'acteurs de l'ESS sur mon territoire ?",
        "questions": [
            "Pourquoi créer un réseau d'acteurs ESS ?",
            "Quelles convergences avec les politiques publiques ?",
            "Quels axes stratégiques pour la collectivité ?",
            "Comment qualifier les acteurs ? Comment construire une base de données ? Qui repérer et comment ?",
        ],
        "description": "Avec les témoignages du Sicoval et du Conseil Départemental de la Haute-Garonne. "
        "Connaître et qualifier les acteurs ESS du territoire pour faire réseau, un enjeu de la réussite : "
        "éclairages du RTES (les leviers d'actions des collectivités) et de la CRESS Occitanie.",
        "testimonies": ["sicoval", "cd31", "rtes", "cress"],
        "speakers": [],
    },
    {
        "title": "Atelier 2 : Comment animer un réseau d'acteurs ESS ?",
        "questions": [
            "Quelles étapes pour structurer le réseau des acteurs de l'ESS de mon territoire ?",
            "Quels outils pour animer un réseau ? Quels objectifs ? Quels moyens ?",
            "Du point de vue des acteurs, quelles relations avec la collectivité ? Quelles articulations ?",
        ],
        "description": "L'exemple de Toulouse Métropole Impact avec Aurélie Zussy-Stirer, cheffe de projet ESS : "
        "animation du réseau ESS, offre de services, parcours entreprises ESS et la feuille de route 2021-2026. "
        "L'exemple du Collectif d'acteurs ESS Le Co-Mains, collectif du Muretain des acteurs de l'innovation "
        "sociale.",
        "testimonies": ["toulouse_metropole", "co_mains"],
        "speakers": ["Aurélie Zussy-Stirer"],
    },
]

SYNTHESIS = [
    (
        "Philippe Piqué",
        "Philippe Piqué, conseiller délégué à l'ESS de Ramonville-Saint-Agne, a accueilli les "
        "participants et a présenté le Périscope, tiers-lieu géré par le Sicoval et qui héberge douze acteurs de "
        "l'économie sociale et solidaire.",
    ),
    (
        "André Ducournau",
        "André Ducournau, président de la CRESS Occitanie, a rappelé que toutes les collectivités "
        "peuvent soutenir les acteurs de l'ESS. La co-construction entre acteurs et collectivités doit se renforcer. "
        "Le lancement des clubs des collectivités locales pour l'ESS en Occitanie, en partenariat avec le RTES, est "
        "un espace de ressources, de formation entre pairs. Les rencontres sont possibles grâce à l'implication des "
        "équipes de la CRESS et du RTES et au soutien de la Mutualité Française Occitanie et de la MAIF.",
    ),
    (
        "Nicole Miquel-Belaud",
        "Nicole Miquel Belaud, conseillère déléguée à l'ESS de Toulouse et Toulouse "
        "Métropole, administratrice du RTES : les collectivités adhérentes du RTES partagent une conviction : l'ESS "
        "est une économie en capacité d'apporter des réponses aux besoins des territoires et porte un cap pour une "
        "transition juste des territoires. Le RTES compte 13 collectivités adhérentes en région Occitanie. La "
        "feuille de route de la Ministre insiste sur les coopérations via les Pôles Territoriaux de Coopération "
        "Economique (PTCE) et les Sociétés Coopératives d'Intérêt Collectif (SCIC) notamment.",
    ),
    (
        "Catherine Gaven",
        "Catherine Gaven, vice-présidente du Sicoval, est honorée d'accueillir cette première "
        "rencontre du club en présentiel au Périscope, inauguré le 10 mars 2016 à l'initiative d'acteurs du "
        "Sud-Est Toulousain : ies, la maison de l'initiative, l'URSCOP, 3 réseaux de l'insertion, suite à une étude "
        "de faisabilité pour la création d'un PTCE. La stratégie ESS du Sicoval a été présentée le 15 novembre.",
    ),
    (
        "Jacques Oberti",
        "Jacques Oberti, président du Sicoval, a souligné l'engagement du territoire pour l'ESS à "
        "travers l'accompagnement des initiatives et leur pérennisation. L'ESS est un écosystème à intégrer dans "
        "les politiques publiques. La crise sanitaire a révélé le rôle fondamental des acteurs du non lucratif.",
    ),
    (
        "Isabelle Hardy",
        "Isabelle Hardy, vice-présidente du conseil départemental de Haute-Garonne : cette journée "
        "est un exemple de ce que les élus locaux devront démultiplier pour identifier les initiatives "
        "d'innovation sociale, valoriser les projets relevant de l'ESS et accompagner des coopérations "
        "territoriales en faveur des transitions.",
    ),
]
QUOTE = (
    "L'économie sociale et solidaire a un immense défi à relever : celui de l'innovation. Peut-on être "
    "innovateur, entrepreneur, inventeur, et participer de l'ESS ? La réponse est oui.",
    "Bernard Maris, Charlie Hebdo, 22 juin 2011, cité par Jacques Oberti",
)

PRACTICAL = [
    "Les trajets vers les sites des visites apprenantes étaient assurés par l'association Totocar basée à "
    "Toulouse. Totocar est un bus mutualisé pour les associations et acteurs de l'ESS.",
    "Le déjeuner était assuré par le traiteur les Tabliers Solidaires, Atelier Chantier d'Insertion (ACI) qui "
    "emploie des femmes éloignées de l'emploi pour valoriser les savoir-faire culinaires et développer les "
    "compétences dans les métiers de la restauration.",
]

# Resource pages with their generated document. kind: visit | toolkit | strategy
RESOURCES = [
    {
        "kind": "visit",
        "slug": "fiche-dpv-le-centieme-singe",
        "title": "Fiche DPV Le Centième Singe",
        "actor": "centieme_singe",
        "themes": ["Alimentation", "Tiers-lieux", "Transition écologique"],
        "territories": ["department-31"],
        "summary": "Le 100e Singe, tiers-lieu agroécologique et nourricier, visité lors de la visite péri-urbaine.",
        "activity": "Tiers-lieu agroécologique et nourricier investi dans l'animation d'un tiers lieu sur des sujets "
        "poignants de transitions agricoles et alimentaires.",
        "document": (
            "pdf",
            "Fiche DPV Le Centième Singe",
            [
                [
                    "Le 100e Singe : tiers-lieu agroécologique et nourricier.",
                    "Visite péri-urbaine du club des collectivités pour l'ESS en Occitanie, 30 novembre 2023.",
                ],
                [
                    "Le centième singe est investi dans l'animation d'un tiers lieu sur des sujets poignants de "
                    "transitions agricoles et alimentaires. "
                    "Projet soutenu par le conseil départemental de Haute-Garonne."
                ],
            ],
        ),
    },
    {
        "kind": "visit",
        "slug": "fiche-dpv-la-rafistolerie",
        "title": "Fiche DPV la Rafistolerie",
        "actor": "rafistolerie",
        "themes": ["Réemploi", "Insertion"],
        "territories": ["commune-31113"],
        "summary": "La Rafistolerie, ressourcerie 3R et insertion à Castanet, visitée lors de la visite péri-urbaine.",
        "activity": "Ressourcerie 3R (réduire, réutiliser, recycler) et insertion.",
        "document": (
            "pdf",
            "Fiche DPV la Rafistolerie",
            [
                [
                    "La Rafistolerie : ressourcerie 3R et insertion à Castanet-Tolosan.",
                    "Visite péri-urbaine du club des collectivités pour l'ESS en Occitanie, 30 novembre 2023.",
                ],
                [
                    "Une ressourcerie collecte, valorise et revend des objets de réemploi, et accompagne des personnes "
                    "en insertion. Projet soutenu par le conseil départemental de Haute-Garonne."
                ],
            ],
        ),
    },
    {
        "kind": "toolkit",
        "slug": "kit-rtes-fiche-4-connaitre-mobiliser-acteurs",
        "title": "Connaître et mobiliser les acteurs de mon territoire",
        "series": "Kit du RTES",
        "number": 4,
        "audience": "Élus et services des collectivités",
        "themes": ["Réseaux d'acteurs"],
        "territories": [],
        "summary": "Fiche n°4 du kit du RTES : les leviers d'actions des collectivités pour connaître et mobiliser "
        "les acteurs de l'ESS de leur territoire.",
        "document": (
            "pdf",
            "Fiche n°4 du kit du RTES : Connaître et mobiliser les acteurs de mon territoire",
            [
                ["Kit du RTES, fiche n°4 : Connaître et mobiliser les acteurs de mon territoire."],
                [
                    "Connaître et qualifier les acteurs ESS du territoire pour faire réseau, un enjeu de la réussite.",
                    "Comment qualifier les acteurs ? Comment construire une base de données ? Qui repérer et comment ?",
                ],
            ],
        ),
    },
    {
        "kind": "strategy",
        "slug": "strategie-ess-du-sicoval",
        "title": "Stratégie ESS du Sicoval",
        "authority": "sicoval",
        "adopted_on": date(2023, 11, 15),
        "themes": ["Stratégie ESS"],
        "territories": ["epci-243100633"],
        "summary": "La stratégie ESS de la Communauté d'Agglomération du Sicoval, présentée le 15 novembre 2023.",
        "document": (
            "pdf",
            "Stratégie ESS du Sicoval",
            [
                ["Stratégie ESS du Sicoval, présentée le 15 novembre 2023."],
                [
                    "Engagement du territoire pour l'ESS à travers l'accompagnement des initiatives et leur "
                    "pérennisation. Le Périscope, tiers-lieu géré par le Sicoval, héberge douze acteurs de l'ESS."
                ],
            ],
        ),
    },
    {
        "kind": "strategy",
        "slug": "strategie-toulouse-metropole-impact-2021-2026",
        "title": "Stratégie Toulouse Métropole Impact 2021-2026",
        "authority": "toulouse_metropole",
        "period": (2021, 2026),
        "themes": ["Stratégie ESS", "Réseaux d'acteurs"],
        "territories": ["epci-243100518"],
        "summary": "La feuille de route 2021-2026 de Toulouse Métropole Impact : animation du réseau ESS, offre de "
        "services, parcours entreprises ESS.",
        "document": (
            "pdf",
            "Feuille de route 2021-2026 de Toulouse Métropole Impact",
            [
                ["Toulouse Métropole Impact : feuille de route 2021-2026."],
                [
                    "Animation du réseau ESS, offre de services et parcours entreprises ESS, présentés par la cheffe "
                    "de projet ESS lors de l'atelier 2 du club des collectivités pour l'ESS en Occitanie."
                ],
            ],
        ),
    },
]

DECKS = [
    (
        "Diaporama sur Picojoule",
        [
            (
                "Picojoule",
                [
                    "Association qui mène une expérimentation de petites unités de méthanisation.",
                    "Témoignage lors de la visite urbaine aux Ateliers 31.",
                ],
            ),
            (
                "Une expérimentation sur le Canal du Midi",
                [
                    "Unités de méthanisation à destination des péniches.",
                    "Traiter la problématique du déversement des eaux usées dans le canal.",
                ],
            ),
        ],
    ),
    (
        "Diaporama sur le Fabriquet",
        [
            (
                "Le F@bRiquet",
                [
                    "FabLab hébergé par le conseil départemental de Haute-Garonne.",
                    "Porte le fablab aux Ateliers 31.",
                ],
            ),
            ("Visite urbaine", ["Visite du FabLab Le F@bRiquet, puis du Collectif La Maison."]),
        ],
    ),
]
