"""Starter content of the pages every French public site must have, created by `load_demo` (idempotent).

Bracketed passages are for the publisher to complete: the demo cannot know who publishes the site. So the pages start
as drafts: the editor replaces each bracketed passage (the page form refuses to publish while one is left, and the
dashboard lists them, home/wagtail_hooks.py), then publishes. The accessibility statement claims no evaluation that
did not happen: « non conforme », no evaluation date, until an audit or a self-assessment is made."""

from __future__ import annotations

from collections.abc import Callable

from wagtail.models import Site

from home.models import FooterLinks, HomePage, StandardPage

Kind = StandardPage.Kind

LEGAL = """
<h2>Éditeur du site</h2>
<p>Le site Maillage est édité par [nom de la structure éditrice], [forme juridique], dont le siège est situé
[adresse postale]. Téléphone : [numéro]. Adresse électronique : [adresse de contact].</p>
<p>Directeur ou directrice de la publication : [nom, fonction].</p>
<h2>Hébergement</h2>
<p>Le site est hébergé par [nom de l'hébergeur], [adresse postale de l'hébergeur], [téléphone de l'hébergeur].</p>
<h2>Propriété intellectuelle et réutilisation</h2>
<p>Sauf mention contraire, les textes du site peuvent être réutilisés en citant la source (« Maillage ») et la date
de la consultation. Les documents déposés (comptes rendus, fiches, stratégies) restent la propriété de leurs auteurs :
leur réutilisation suit les conditions indiquées dans chaque document.</p>
<p>Les logos des organisations présentées sont leur propriété et ne peuvent être réutilisés sans leur accord.</p>
<h2>Liens vers le site</h2>
<p>Tout site peut créer un lien vers les pages de Maillage sans autorisation préalable. Chaque ressource a une adresse
permanente, indiquée en bas de sa page.</p>
"""

ACCESSIBILITY = """
<p>[Nom de la structure éditrice] s'engage à rendre ses sites internet accessibles conformément à l'article 47 de
la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique au site Maillage.</p>
<h2>Résultats des tests</h2>
<p>Aucun audit ni aucune auto-évaluation de conformité au RGAA n'a encore été mené : le site est donc déclaré non
conforme. [Après l'évaluation : organisme ou équipe qui l'a menée, date, pages de l'échantillon, taux de conformité
obtenu ; reporter l'état de conformité et la date dans les champs de la page.]</p>
<h2>Contenus non accessibles</h2>
<p>[Liste des non-conformités relevées, avec les critères RGAA concernés. Points à vérifier en priorité :]</p>
<ul>
<li>les documents PDF déposés tels quels par les partenaires, qui ne sont pas tous balisés (critère 13.3) ; leur texte
reste consultable et recherchable sur le site ;</li>
<li>la carte des acteurs, dont la liste placée sous la carte est l'alternative.</li>
</ul>
<h2>Établissement de cette déclaration</h2>
<p>Technologies utilisées : HTML5, CSS, JavaScript (facultatif : le site fonctionne sans). Environnement de test :
[navigateurs et technologies d'assistance utilisés lors de l'évaluation].</p>
<h2>Retour d'information et contact</h2>
<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez-nous (page Contact) : nous vous
orienterons vers une alternative accessible ou vous transmettrons le contenu sous une autre forme.</p>
<h2>Voies de recours</h2>
<p>Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu et que vous n'avez pas
obtenu de réponse satisfaisante, vous pouvez écrire au Défenseur des droits (formulaire en ligne sur
defenseurdesdroits.fr, ou par courrier gratuit, sans affranchissement : Défenseur des droits, Libre réponse 71120,
75342 Paris CEDEX 07) ou contacter son délégué ou sa déléguée dans votre région.</p>
"""

PRIVACY = """
<h2>Responsable du traitement</h2>
<p>[Nom de la structure éditrice], représentée par [nom, fonction]. Délégué ou déléguée à la protection des données :
[adresse de contact].</p>
<h2>Données traitées</h2>
<ul>
<li><strong>Annuaire des acteurs</strong> : noms, fonctions et organisations des personnes présentées, publiés avec leur
consentement et pour faire connaître les acteurs de l'économie sociale et solidaire (intérêt légitime des collectivités
et réseaux du site). Les personnes sans consentement enregistré sont exclues des exports.</li>
<li><strong>Recherches</strong> : les mots recherchés sont comptés par jour, sans adresse IP ni identifiant, pour
améliorer le site. Ils ne sont jamais conservés tels quels lorsqu'ils pourraient permettre de joindre quelqu'un :
chaque chiffre est remplacé par « # » (un numéro de téléphone devient « ## ## ## ## ## »), une adresse électronique
par « [adresse] », une adresse web par « [lien] ». Le nombre de visiteurs distincts d'une recherche est compté le
jour même grâce à une empreinte chiffrée avec une clé aléatoire du jour, qui n'est jamais enregistrée en base et est
oubliée le lendemain : seul le nombre est conservé. Seules sont proposées aux autres visiteurs (« Recherches
fréquentes ») les recherches validées par l'équipe éditoriale ou saisies par de nombreux visiteurs distincts, et jamais
une recherche contenant des chiffres, une adresse ou un lien. Seules les personnes habilitées de l'équipe voient les
statistiques de recherche.</li>
<li><strong>Alertes par e-mail</strong> : l'adresse électronique et la recherche suivie, rien d'autre, pour envoyer
les nouvelles ressources que vous avez demandées (votre consentement, confirmé par e-mail). Les responsables du site
voient combien de personnes suivent chaque recherche, pas les adresses.</li>
<li><strong>Inscriptions aux rencontres</strong> : nom, prénom, adresse électronique, organisation, fonction,
sessions choisies, régime alimentaire et besoins d'accessibilité si vous les indiquez, pour organiser la rencontre
(votre demande, confirmée par e-mail). Votre nom et votre organisation ne figurent sur la liste des participant·es
qu'avec votre accord. Seules les personnes de l'équipe qui organisent les rencontres, avec une permission dédiée,
voient ces données.</li>
<li><strong>Comptes des contributeurs</strong> : nom, adresse électronique et historique des modifications des
personnes qui publient sur le site.</li>
</ul>
<p>Le site ne dépose aucun cookie de mesure d'audience ni de publicité ; seuls les contributeurs connectés reçoivent un
cookie de session, nécessaire à l'administration.</p>
<h2>Durées de conservation</h2>
<p>Les fiches de l'annuaire sont conservées tant que la structure est active ou jusqu'au retrait du consentement ; les
statistiques de recherche, 13 mois au plus. Une alerte et son adresse sont effacées dès le désabonnement (lien dans
chaque e-mail), et au bout de 7 jours si la demande n'a pas été confirmée. Une inscription à une rencontre est
effacée 90 jours après la rencontre (seuls restent le nombre d'inscrit·es par session et, avec l'accord des
personnes, la liste des organisations participantes), dès son annulation pour les besoins particuliers, et au bout de
48 heures si l'adresse n'a pas été confirmée.</p>
<h2>Vos droits</h2>
<p>Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation et d'opposition sur les données qui
vous concernent. Pour les exercer, écrivez-nous (page Contact). Si vous estimez, après nous avoir contactés, que vos
droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL (cnil.fr).</p>
"""

CONTACT = """
<p>Pour une question sur une ressource, proposer un compte rendu ou une fiche, signaler une erreur dans l'annuaire
ou un défaut d'accessibilité :</p>
<ul>
<li>Adresse électronique : [adresse de contact]</li>
<li>Courrier : [nom de la structure éditrice], [adresse postale]</li>
<li>Téléphone : [numéro], du lundi au vendredi de 9 h à 17 h</li>
</ul>
<p>Nous répondons en général sous cinq jours ouvrés.</p>
"""

PAGES = [
    (Kind.LEGAL, "Mentions légales", "mentions-legales", LEGAL, "legal_notice"),
    (Kind.ACCESSIBILITY, "Accessibilité", "accessibilite", ACCESSIBILITY, "accessibility"),
    (Kind.PRIVACY, "Données personnelles", "donnees-personnelles", PRIVACY, "privacy"),
    (Kind.CONTACT, "Contact", "contact", CONTACT, "contact"),
]


def ensure_information_pages(home: HomePage, log: Callable[[str], None]) -> list[StandardPage]:
    """The four footer pages under the home page, as drafts to complete, and the default site's footer pointing to them
    (the footer shows each one once it is published)."""
    pages = []
    created = 0
    for kind, title, slug, body, _ in PAGES:
        page = StandardPage.objects.filter(kind=kind).first()
        if page is None:
            page = StandardPage(
                title=title, slug=slug, kind=kind, body=" ".join(body.split()), live=False
            )
            if kind == Kind.ACCESSIBILITY:
                page.conformity = StandardPage.Conformity.NONE  # no evaluation yet
            home.add_child(instance=page)
            page.save_revision()
            created += 1
        pages.append(page)
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        footer = FooterLinks.for_site(site)
        for page, (*_, field) in zip(pages, PAGES, strict=True):
            if getattr(footer, f"{field}_id") is None:
                setattr(footer, field, page)
        footer.save()
    if created:
        log(
            f"Pages d'information créées en brouillon : {created} (mentions légales, accessibilité, données "
            "personnelles, contact) : complétez les passages entre crochets dans l'administration, puis publiez-les."
        )
    return pages
