"""Words of a question that nothing read: the last check before a figure is given (issue 10).

Once the period, reference, currency, vendor and category are taken out of a question, every word left
must be one the parser knows (its vocabulary, a function word of one of the reply languages, a word of
how people ask about money). Any other word names something the question is about that was not
resolved ("costa coffee last month", "how much starbuks", "uber eats total" when only Uber is known):
answering without it would state a figure for a wider scope than the one asked, so the reply names the
words instead, with the user's closest vendors.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from rapidfuzz.distance import OSA
from stop_words import get_stop_words

from app.conversation import corrections, dates, ordinals, vocabulary
from app.conversation.matching import resolve_vendors
from app.conversation.spelling import literal_words
from app.conversation.text import fold, word_set

# The packaged English list (over 1,300 entries) holds company names and everyday nouns ("microsoft",
# "shell", "best", "world") that would hide an unknown shop, so English uses the classic closed-class list
# (Snowball's): pronouns, determiners, prepositions, conjunctions, auxiliaries.
PACKAGED = ("es", "pt", "fr", "de")
ENGLISH = word_set("""
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
    herself it its itself they them their theirs themselves what which who whom this that these those am is
    are was were be been being have has had having do does did doing a an the and but if or because as until
    while of at by for with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very can will just don should now
    would could shall might must also ever yet still really please hey hi ok okay get got
    anything something everything nothing anywhere stuff things thing all up alone only solely
    solo solamente apenas somente seulement uniquement nur allein lediglich nomas namas
    us like owt nowt ones beide beiden
""")

# Interjections and politeness around a question in every reply language ("che", "uy", "stp", "Könnten Sie
# mir bitte sagen"): they never name what the money went on.
COURTESY = word_set("""
    morning evening cheers mate guys pls plz thx
    thinking wondering wonder remember curious guess
    pensando pensaba pensado acuerdo recuerdo preguntaba sabes curiosidad cosa final
    lembro lembrar lembra sabe sabes curiosidade pensei
    demandais demande pensais souviens sais curieux curieuse arrive dormir dors sleep schlafen
    journee journees jour jours tag tages day days dia dias
    uberlegt uberlege gefragt frage erinnere weisst weiss neugierig
    che uy ey oye bueno pues vale hombre tio mira porfa porfis neta
    oi opa ue pois entao ai olha porfavor
    stp svp merci bon ben alors dis eh jai
    konnten konnen konntest kannst sagen sag mal bitte danke na ach hey also
    tell know let say dime digame decime diga me dis dites sais
    single individual unico unica einzeln einzelne einzelnen rien seul seule juste consumo consumicion conso
    consommation verzehr enfin bref echado echar eche salio salieron sale salen saiu sairam
    leh lah lor meh sia ah yaar yar bhai ji bo bola alright tho though lol lmao haha jaja kkk po bah tche tchê
    sorry meant mean perdon perdona queria quise decir quis dizer desculpa voulais voulu dire pardon meinte gemeint
    quid bucks lucas luquitas pila pilas plata guita lana mangos pavos kohle balles thunes
    kindly pls plz parce parcero mijo mija bro butt butty illo onda uai wesh tarpin adieu salut coucou servus griasdi grüezi gruezi moin
    separado separados separadas separately separate separement getrennt einzeln cada each
    howay hiya honest honestly slt allo bjr bsr cb chu feliz happy bonne frohes frohe prospero navidad natal noel
    sir madam maam mam laisse tomber oublie olvidalo esquece vergiss
    cool nice hmm hm wow awesome oh ooh ahh lovely brilliant genial guay chido bacana beleza massa
    parfait genial top prima toll klasse spitze super mega geil
    nvm kia ora pronto lequel laquelle lesquels lesquelles full incl including inclusive included incluido
    incluida incluidos incluso inclus inclusa incluindo inklusive inkl contando counting quick new neues neujahr
    nuevo novo nouvel nouvelle rutsch
    conversion conversions conversao umrechnung converting
""")

# How people ask about spending without naming a subject: verbs of paying and buying, the light verbs
# a purchase is "made" with (fiz, hice, gemacht), units of spending (times, rides, orders), "money"... in
# every reply language. Never a shop or a category.
ASKING_WORDS = word_set("""
    money spend spends spending spent pay paid paying buy buys buying bought purchase purchases purchased
    time times trip trips order orders visit visits shop shopped sales so far overall altogether come comes came
    went go goes gone going put spending passage passages fork forked run runs
    dinero plata pasta gasto gastos gaste gastado gastamos pague pagado compra compras compre comprado
    vez veces viaje viajes pedido pedidos llevo llevamos ido fui fuimos ir
    dinheiro grana gastei gasto gastos gastamos paguei pago compra compras comprei vez vezes corrida corridas
    viagem viagens pedido pedidos
    argent sous depense depenses depensee paye payee achat achats achete fois trajet trajets commande commandes
    course courses visita visitas visite visites besuch besuche mandei enviei mande envie sent envoye envoyees
    somados somadas sumados sumadas summed additionnes zusammengerechnet cogi tome pegue took nahm
    geschickt
    geld ausgegeben ausgaben bezahlt gezahlt kauf kaufe kaufen gekauft eingekauft einkaufen einkauf einkaufe mal fahrt fahrten
    bestellung bestellungen stell stelle fahre zahl zahle zahlst zahlt zahlen
    furs ins ans aufs ums vom zum zur beim bim bi im am
    make makes made making take took taken hacer hice hizo hecho hicimos fazer fiz fez feito fizemos
    faire fait faits faite faites machen gemacht getatigt tatigen
    gelassen lassen liegen verbraten insgesamt gesamt zusammen
    coute coutait coutent cuesta costo costaron costou custou custaram kostet kostete gekostet
    han usgeh usge usgah usgeh usgäh usgaeh hani hesch hend zahlt zoit gezoit
    deje dejado dejaste deja claque claquee flambe lache
    converted convert conversion convertido convertida convertir converti convertie umgerechnet umrechnen umrechnung
    converte converter converta convierte convierteme convertis convertit rechne rechnen pasa pasamelo pasalo passa
    suma suman sumar sumando soma somam somar somando add adds adding added totalisent totalise ergeben ergibt
    cargue cargar cargo cargamos carga cosas coisas trucs choses sachen zeug toute toutes tout tous
    tome tomar tomamos tomo peguei pegar pegamos pris prendre genommen nahm took take taken
    sortie sorties salida salidas saida saidas
    ida idas echao app apps car cars coche carro voiture char wagen ware waere wuerde wurde would
    justos justo justas exactos exacto exactas exactly exact pile rond ronds genau exakt certinho certos redondos
    blow blew blown splurge splurged splurging splashed
""")


# Two-letter shorthand of chat and of money questions in every reply language, and the Hindi particles of
# Indian English ("swiggy ka total"): never what was bought.
INITIALS_READ = word_set("""
    tb vc pq qd qq xq mt td tt cc nd st rd th am pm hr yr mo wk ty np mm kk ta tx vs pf bt
    ca sa sl es ml kg km lt ht tk
    ka ki ke ko
""")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(value for module in (vocabulary, ordinals, dates, corrections) for value in vars(module).values()
                 if isinstance(value, re.Pattern))


@lru_cache(maxsize=8)
def function_words(language: str | None = None) -> frozenset[str]:
    """Every word a question may use without naming what it is about, folded. A function word written with
    accents counts without them only in its own language: "uber" in Portuguese is the ride, not "über"."""
    stops = {fold(w) for lang in PACKAGED for w in get_stop_words(lang) if fold(w) == w.casefold() or lang == language}
    return frozenset(stops | ENGLISH | COURTESY | literal_words(*_patterns()) | {fold(w) for w in ASKING_WORDS})


@lru_cache(maxsize=4096)
def _vocabulary_word(word: str, language: str | None = None) -> bool:
    """A word one of the parser's patterns reads on its own ("difference" in "differences?", "chico" in
    "mas chic[oa]"): the patterns spell optional letters and endings that the literal words miss."""
    return word in function_words(language) or any(
        (m := p.search(word)) is not None and m.group().strip() == word for p in _patterns())


def _in_names(word: str, names: frozenset[str]) -> bool:
    """One of the words of the user's names, or that word with one letter wrong ("pingo doze")."""
    return word in names or (len(word) >= 4 and any(
        abs(len(n) - len(word)) <= 1 and OSA.distance(word, n, score_cutoff=1) <= 1 for n in names))


def name_words(said: Iterable[str | None], vendors: Iterable[str]) -> frozenset[str]:
    """The folded words of the names a question was read as (what it said, and the user's vendors that
    refers to: "pingo" is Pingo Doce), with and without their apostrophes."""
    read = [s for s in said if s]
    names = [*read, *(v for s in read for v in resolve_vendors(s, vendors))]
    return frozenset(w for name in names for form in (fold(name), fold(name).replace("'", ""))
                     for w in re.findall(r"[a-z]+", form))


def stray_phrases(rest: str, before: str, ordinary: Callable[[str], bool],
                  as_written: Callable[[int, int], str] = lambda _s, _e: "",
                  names: frozenset[str] = frozenset(), language: str | None = None) -> list[str]:
    """The unread words of ``rest`` (the question with everything resolved blanked out), as phrases:
    neighbouring unread words together, with any name read right next to them in ``before`` (the same
    question before the names were blanked), so "uber eats" is said back whole, not as "eats".
    ``as_written`` gives a span's original spelling: a word next to an unread one that the speller
    turned into a keyword ("costa" read as "cost") is part of the name, as the user wrote it. ``names``
    are the words of the vendor and category names this question was read as: the rest of a name read by
    its first word ("traders" matched Trader Joe's, "joes" is left) is not unread. ``language`` is the
    message's, for the function words spelt with accents."""
    def unread(word: str) -> bool:
        return bool(word) and not _in_names(word, names) and not ordinary(word) \
            and not _vocabulary_word(word, language)

    def unread_initials(m: re.Match[str]) -> bool:
        """Two letters standing alone that no language reads ("eb bill", "bp"): initials of something.
        Not the end of a number ("5th", "2x"), a contraction ("i've"), nor a function word ("el", "im")."""
        word = m.group()
        ahead, after = before[m.start() - 1:m.start()], before[m.end():m.end() + 1]
        glued = ahead.isdigit() or ahead == "'" or after.isdigit() or after == "'"  # "5th", "i've", "o'"
        return len(word) == 2 and not glued and not _in_names(word, names) \
            and not _vocabulary_word(word, language) and word not in INITIALS_READ

    # Words inside a phrase one of the parser's patterns reads ("mas barata", "stell ... wieder her").
    read = {k for p in _patterns() for found in p.finditer(rest) for k in range(*found.span())}
    phrases: list[str] = []
    run: list[str] = []
    has_stray = False
    for m in re.finditer(r"[a-z]+", before):
        word = m.group()
        named = rest[m.start():m.end()].strip() == ""  # blanked since ``before``: a vendor or category read
        stray = not named and m.start() not in read and (unread(word) or unread_initials(m))
        written = fold(as_written(m.start(), m.end()))
        respelt = not named and not stray and written != word and unread(written)
        if named or stray or respelt:
            run.append(written if respelt else word)
            has_stray = has_stray or stray
            continue
        if has_stray:
            phrases.append(" ".join(run))
        run, has_stray = [], False
    if has_stray:
        phrases.append(" ".join(run))
    return list(dict.fromkeys(phrases))
