"""Spending categories for invoices and their items, decided offline by rules over words.

A small fixed set of canonical keys (English, stored in ``items.item_category`` and ``invoices.category``)
covers what people ask about: "how much on fuel?", "restaurants this month". The rules are general knowledge
of spending, in the languages receipts come in: a word table per category (see :data:`RULES`), matched on
folded text (no case, no accents) on word boundaries. Extend a category by adding words to its row.

Three kinds of words per category:

- ``words`` name the category on an item line or in a vendor's name ("diesel", "farmacia", "hotel");
- ``vendors`` only in a vendor's name: brands and shop types ("repsol", "mercadona", "bar");
- ``goods`` are weak hints on an item line, things that are bought in more than one kind of place
  ("coffee", "milk"): they decide only when the vendor does not.

A phrase ending in ``*`` matches words starting with it ("restaura*": restaurante, restauration); one
starting with ``*`` matches words ending with it ("*apotheke": Stadtapotheke), for compound words.

How an invoice is categorised: the vendor's category when its name says one; items get their own category
from ``words``; an item with no such word takes the vendor's category, unless other lines of the same
invoice name the vendor's category themselves (a fuel station receipt listing "Diesel" says which line was
fuel, so the chocolate bar beside it is not). ``goods`` words decide for items the vendor does not claim.
Without a vendor category, the invoice takes the category holding most of its items' value.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

OTHER = "other"


@dataclass(frozen=True)
class Rule:
    category: str
    words: str = ""
    vendors: str = ""
    goods: str = ""


RULES: tuple[Rule, ...] = (
    Rule(
        "fuel",
        words="fuel,fuels,petrol,gasoline,diesel*,unleaded,super unleaded,premium unleaded,gasolina*,gasoleo*,"
              "gasoil,gas oil,combustible*,combustivel,combustiveis,carburant*,gazole,sans plomb,sp95,sp98,"
              "sp 95,sp 98,e10,e5,super e10,super e5,super 95,super 98,super plus,benzin*,*benzin,bleifrei,"
              "kraftstoff*,*kraftstoff,benzine,euro 95,euro95,bensin,pertalite,pertamax,ron95,ron97,ron 95,"
              "ron 97,primax*,v power,vpower,ultimate diesel,ultimate unleaded,adblue,ad blue,lpg,autogas,gpl,"
              "glp,gnv,cng,gas station,petrol station,filling station,service station,fuel station,gasolinera*,"
              "estacion de servicio,posto de gasolina,posto de combustivel,posto de combustiveis,"
              "estacao de servico,station service,station essence,tankstelle*,*tankstelle,tankstation,"
              "stesen minyak,pom bensin,spbu,ev charging,charging session,supercharger,tankbeurt",
        vendors="shell,bp,esso,exxon,exxonmobil,chevron,texaco,repsol,cepsa,moeve,galp,totalenergies,"
                "total energies,total access,aral,agip,eni,q8,okq8,omv,orlen,lukoil,petronas,petron,caltex,"
                "bhpetrol,pertamina,ipiranga,petrobras,sunoco,valero,speedway,circle k,citgo,conoco,"
                "phillips 66,applegreen,tamoil,avia,statoil,preem,neste,uno x,ballenoil,petroprix,plenergy,"
                "prio energy,ionity,tesla supercharger",
    ),
    Rule(
        "groceries",
        words="groceries,grocery,grocer,supermarket*,supermercado*,supermarche*,supermarkt*,hypermarket*,"
              "hipermercado*,hypermarche*,minimarket,mini market,minimercado,minimart,mini mart,supermart,"
              "hypermart,mercearia,epicerie,lebensmittel*,alimentacion,alimentacao,comestibles,pasaraya,"
              "kedai runcit,greengrocer,fruteria,verduleria,hortifruti,carniceria,talho,acougue,boucherie,"
              "metzgerei,butcher,slagerij,bakery,panaderia,padaria,boulangerie,backerei,bakkerij,toko roti,"
              "kedai roti,mercado municipal,farmers market,feira livre",
        vendors="mercadona,carrefour,lidl,aldi,tesco,sainsbury*,asda,morrisons,waitrose,spar,eroski,alcampo,"
                "auchan,leclerc,e leclerc,intermarche,monoprix,franprix,rewe,edeka,kaufland,netto,penny,"
                "albert heijn,jumbo,delhaize,colruyt,pingo doce,continente,minipreco,pao de acucar,atacadao,"
                "assai,walmart,whole foods,trader joes,kroger,safeway,costco,aeon,giant,mydin,lotuss,"
                "99 speedmart,econsave,jaya grocer,village grocer,indomaret,alfamart,coles,woolworths,"
                "countdown,migros,coop,hiperdino,consum,bonpreu,condis,ahorramas,froiz,gadis,mas y mas,"
                "supercor,hipercor,recheio,makro,metro cash",
        goods="milk,leche,leite,lait,milch,melk,susu,bread,pao,brot,brood,eggs,egg,huevos,ovos,oeufs,eier,"
              "telur,rice,arroz,riz,beras,fruit,fruits,fruta,frutas,obst,vegetables,verduras,legumes,gemuse,"
              "groenten,sayur,cheese,queso,queijo,fromage,kase,kaas,keju,yogurt,yoghurt,iogurte,yaourt,"
              "joghurt,butter,mantequilla,manteiga,beurre,sugar,azucar,acucar,sucre,zucker,gula,flour,"
              "harina,farinha,farine,mehl,tepung,olive oil,aceite de oliva,azeite,detergent,detergente",
    ),
    Rule(
        "restaurants",
        words="restaura*,ristorante,trattoria,pizzeria,cafeteria,cafetaria,coffee shop,bistro,brasserie,"
              "pub,tavern,taberna,tasca,cerveceria,cervejaria,marisqueria,asador,churrascaria,lanchonete,"
              "pastelaria,confeitaria,snack bar,imbiss,gasthaus,gasthof,kneipe,wirtshaus,eetcafe,kopitiam,"
              "restoran,kedai makan,warung,rumah makan,food court,medan selera,canteen,cantina,kantine,"
              "mensa,steakhouse,sushi,kebab,doner,taqueria,menu del dia,set lunch,lunch menu,prato do dia,"
              "plat du jour,tagesmenu,tagesgericht",
        vendors="cafe,caffe,kaffee,koffie,coffee,bar,diner,grill,starbucks,mcdonalds,mcdonald,burger king,"
                "kfc,subway,dominos,pizza hut,telepizza,five guys,nandos,pret a manger,costa coffee,"
                "tim hortons,dunkin,chipotle,wendys,taco bell,deliveroo,uber eats,just eat,glovo,doordash,"
                "grubhub,ifood,rappi,foodpanda,grabfood,lieferando,thuisbezorgd,wolt,old town white coffee,"
                "secret recipe,texas chicken,papa johns,vips,foster hollywood,100 montaditos,telepizza",
        goods="coffee,cafe,espresso,expresso,cappuccino,latte,americano,cafe con leche,galao,bica,kopi,teh,"
              "teh tarik,beer,cerveza,cerveja,biere,bier,wine glass,copa de vino,sandwich,bocadillo,"
              "sanduiche,tostada,tosta,croissant,burger,hamburguesa,hamburguer,pizza,nasi lemak,nasi goreng,"
              "mee goreng,roti canai,breakfast,lunch,dinner,desayuno,almuerzo,pequeno almoco,almoco,jantar,"
              "petit dejeuner,dejeuner,fruhstuck,mittagessen,abendessen,meal,refeicao,bebida,bebidas,drink,"
              "drinks,soft drink,refresco,refrigerante,tip,gratuity,propina,gorjeta,pourboire,trinkgeld,"
              "cover charge,coperto,couvert,service charge",
    ),
    Rule(
        "transport",
        words="taxi*,cab fare,parking*,parkhaus,parkplatz,parkeren,parkeergarage,parqueo,aparcamiento,"
              "estacionamiento,estacionamento,parque de estacionamento,stationnement,parcheggio,parkir,"
              "letak kereta,toll,tolls,peaje,peajes,portagem,portagens,peage,maut,autopista,autoestrada,"
              "via verde,e zpass,ezpass,train ticket,rail ticket,railway,tren,comboio,trem,zugticket,"
              "fahrkarte,fahrschein,treinkaartje,metro,bus ticket,autobus,onibus,bus fare,tram,tranvia,"
              "ride,trip fare,public transport,transporte publico,transports en commun,nahverkehr,ov chipkaart,"
              "bike share,car sharing,carsharing",
        vendors="uber,lyft,bolt,cabify,free now,freenow,grab,gojek,didi,blablacar,renfe,comboios de portugal,"
                "cp comboios,sncf,ouigo,deutsche bahn,db fernverkehr,trainline,amtrak,tfl,transport for london,"
                "navigo,ratp,rapidkl,rapid kl,ktm,touch n go,ns reizen,metro de madrid,metro de lisboa,emt,"
                "carris,alsa,flixbus,national express,greyhound,saba,empark,indigo,q park,apcoa,ncp",
    ),
    Rule(
        "travel",
        words="hotel*,hostel*,hostal*,motel,pousada,resort,guesthouse,guest house,bed and breakfast,"
              "alojamiento,alojamento,hospedagem,hebergement,ubernachtung*,overnachting*,penginapan,"
              "accommodation,lodging,room charge,room night,city tax,tourist tax,tasa turistica,"
              "taxa turistica,taxe de sejour,kurtaxe,flight*,airline*,airways,air lines,vuelo*,voo,voos,"
              "flug,fluge,vlucht,penerbangan,boarding pass,airfare,air fare,billete de avion,passagem aerea,"
              "billet d avion,flugticket,airport,aeropuerto,aeroporto,aeroport,flughafen,luchthaven,"
              "car rental,rent a car,alquiler de coche*,aluguer de automove*,aluguel de carro,location de voiture,"
              "mietwagen,autoverhuur,travel agency,agencia de viajes,agencia de viagens,agence de voyage*,"
              "reiseburo",
        vendors="airbnb,booking com,expedia,hotels com,marriott,hilton,ibis,accor,novotel,mercure,hyatt,"
                "sheraton,radisson,nh hotels,melia,holiday inn,premier inn,travelodge,b b hotels,ryanair,"
                "easyjet,vueling,iberia,tap air portugal,tap portugal,lufthansa,air france,klm,british airways,"
                "emirates,airasia,malaysia airlines,latam,gol linhas,azul linhas,transavia,wizz air,"
                "delta air lines,united airlines,american airlines,southwest airlines,hertz,avis,europcar,sixt,"
                "enterprise rent a car,eurostar",
    ),
    Rule(
        "utilities",
        words="electricity,electricidad,eletricidade,electricite,strom,stromrechnung,elektriciteit,"
              "energia electrica,energia eletrica,energie electrique,kwh,natural gas,gas natural,gas naturel,"
              "erdgas,aardgas,gas supply,water supply,water bill,abastecimiento de agua,suministro de agua,"
              "abastecimento de agua,fornecimento de agua,wasserversorgung,eau potable,wasser abwasser,"
              "sewer*,sewage,saneamiento,saneamento,abwasser,heating,calefaccion,aquecimento,chauffage,"
              "heizung,fernwarme,district heating,waste collection,recogida de basuras,bil elektrik,bil air",
        vendors="iberdrola,endesa,naturgy,edp,eon,e on,rwe,vattenfall,enel,engie,edf,british gas,"
                "octopus energy,ovo energy,eneco,essent,holaluz,canal de isabel ii,epal,aguas de*,sabesp,cemig,"
                "tenaga nasional,tnb,air selangor,thames water,con edison,pg e,duke energy,stadtwerke*",
    ),
    Rule(
        "telecom",
        words="internet,broadband,banda larga,banda ancha,fibra optica,fibre optique,glasfaser,mobile plan,"
              "mobile data,datos moviles,dados moveis,roaming,airtime,sim card,tarjeta sim,cartao sim,"
              "phone bill,mobile bill,telecom*,telecomunica*,telekommunikation,telefonia,telefonica*,"
              "mobilfunk,prepaid top up,top up mobile,recarga movil,recarga telemovel,tarifa movil,"
              "linea movil,fixed line,landline",
        vendors="movistar,vodafone,orange,o2,t mobile,tmobile,telekom,deutsche telekom,meo,nos comunicacoes,"
                "altice,claro,vivo,tim brasil,digi,yoigo,masmovil,pepephone,jazztel,free mobile,sfr,"
                "bouygues telecom,kpn,ziggo,proximus,swisscom,ee,bt,sky,virgin media,verizon,at t,comcast,"
                "xfinity,maxis,celcom,umobile,u mobile,unifi,telkomsel,indosat,xl axiata,smartfren,lowi,simyo",
    ),
    Rule(
        "office",
        words="stationery,papeleria,papelaria,papeterie,schreibwaren,kantoorartikelen,alat tulis,"
              "office supplies,material de oficina,material de escritorio,fournitures de bureau,burobedarf,"
              "printer paper,copy paper,papel a4,a4 paper,toner,ink cartridge,cartucho de tinta,"
              "cartouche d encre,druckerpatrone,software,saas,"
              "cloud hosting,web hosting,hosting,domain name,dominio,photocopy,fotocopia*,photocopie*,"
              "envelopes,sobres,stapler,grapadora,agrafador",
        vendors="microsoft,microsoft 365,office 365,adobe,google workspace,dropbox,zoom,slack,github,"
                "atlassian,amazon web services,aws,digitalocean,godaddy,ovh,hetzner,staples,office depot,"
                "officemax,viking direct,ryman,popular bookstore",
        goods="pen,pens,pencil,pencils,boligrafo,caneta,stylo,kugelschreiber,notepad,folder,carpeta,pasta de "
              "arquivo,classeur,ordner,printer,impresora,impressora,imprimante,drucker",
    ),
    Rule(
        "health",
        words="pharma*,farmac*,apotheke*,*apotheke,apotheek,farmasi,apotek,drogaria,parafarmacia,clinic,"
              "clinica,clinique,klinik*,kliniek,hospital,hospitals,hospitais,hospitales,hopital,krankenhaus,ziekenhuis,medical,medico,medecin,arzt,"
              "arztpraxis,dentist*,dental,zahnarzt*,tandarts,doctor,doktor,optician,optica,optico,opticien,"
              "optiker,physio*,fisioterap*,kinesitherap*,medicine*,medicamento*,medicament*,medikament*,"
              "prescription,receta medica,paracetamol,ibuprofen*,aspirin*,consulta medica,"
              "consultation medicale,analises clinicas",
        vendors="boots,walgreens,cvs,watsons,alpro,drogasil,droga raia,pague menos,"
                "superdrug,dm drogerie,rossmann,kruidvat",
        goods="vitamin*,bandage*,plaster,tirita*,pensos,condoms,preservativos,sunscreen,protector solar,"
              "protetor solar,creme solaire,sonnencreme",
    ),
    Rule(
        "shopping",
        words="clothing,clothes,apparel,ropa,roupa,vetements,kleidung,kleding,pakaian,footwear,calzado,"
              "calcado,chaussures,schuhe,schoenen,kasut,electronics,electronica,eletronicos,electronique,"
              "elektronik,elektronica,furniture,muebles,moveis,meubles,mobel,meubels,perabot,department store,"
              "grandes almacenes,kaufhaus,warenhuis,hardware store,ferreteria,ferragens,quincaillerie,"
              "baumarkt,bouwmarkt,kedai perkakasan,bookstore,bookshop,libreria,livraria,librairie,"
              "buchhandlung,boekhandel,toy store,jugueteria,brinquedos,jouets,spielwaren",
        vendors="hardware,zara,h m,primark,uniqlo,el corte ingles,fnac,worten,mediamarkt,media markt,currys,best buy,"
                "apple store,ikea,leroy merlin,bricomart,bauhaus,hornbach,decathlon,amazon,aliexpress,ebay,"
                "shein,temu,zalando,mr diy,daiso,muji,kmart,target,tk maxx,pull bear,bershka,massimo dutti,"
                "lefties,kiabi,nike,adidas,sephora,douglas,home depot,lowes,argos,john lewis,galeries lafayette,"
                "saturn,conforama,maisons du monde,kik",
        goods="t shirt,tshirt,camiseta,jeans,trousers,pantalon,pantalones,calcas,shirt,camisa,chemise,hemd,"
              "dress,vestido,robe,kleid,jacket,chaqueta,casaco,jaqueta,veste,jacke,sneakers,zapatillas,"
              "tenis,baskets,turnschuhe,socks,calcetines,meias,chaussettes,socken,headphones,earphones,"
              "auriculares,fones de ouvido,ecouteurs,kopfhorer,charger,cargador,carregador,chargeur,"
              "ladegerat,laptop,portatil,notebook computer,ordinateur,smartphone,usb,hdmi,keyboard,teclado,"
              "clavier,tastatur,mouse,raton,lamp,lampara,lampada,lampe,towel,toalla,toalha,serviette",
    ),
    Rule(
        "services",
        words="repair*,reparacion*,reparacao,reparacoes,reparation*,reparatur*,reparatie,servis,maintenance,"
              "mantenimiento,manutencao,entretien,wartung,onderhoud,labour,labor,mano de obra,mao de obra,"
              "main d oeuvre,arbeitszeit,arbeitslohn,installation,instalacion,instalacao,consulting,"
              "consultancy,consultoria,beratung,advies,legal fees,professional fees,honorario*,honoraires,"
              "honorar,accounting,bookkeeping,contabilidad,contabilidade,comptabilite,buchhaltung,"
              "steuerberat*,notary,notario,notaire,notar,lawyer,abogado*,advogado*,avocat,rechtsanwalt*,"
              "advocaat,cleaning,limpieza,limpeza,nettoyage,reinigung,schoonmaak,laundry,lavanderia,laverie,"
              "wascherei,dobi,dry cleaning,tintoreria,car wash,lavagem auto,autowasche,haircut,hairdresser,"
              "peluqueria,cabeleireiro,coiffeur,coiffure,friseur,kapper,barber*,plumber,plumbing,fontanero,"
              "fontaneria,canalizador,plombier,klempner,electrician,electricista,eletricista,electricien,"
              "elektriker,mechanic,taller mecanico,oficina mecanica,garage,autowerkstatt,werkstatt,"
              "insurance,seguro*,assurance,versicherung*,verzekering,courier,mensajeria,estafeta,"
              "bank fee,bank charges,comision bancaria",
        vendors="dhl,ups,fedex,ctt,correos,la poste,poslaju,gls,seur,mrw,nacex,chronopost,dpd",
    ),
)

CATEGORIES: tuple[str, ...] = (*(rule.category for rule in RULES), OTHER)
_PRIORITY = {category: n for n, category in enumerate(CATEGORIES)}


def normalise(text: str) -> str:
    """Lowercase ASCII words separated by single spaces: accents, case, apostrophes and punctuation gone
    ("McDonald's" -> "mcdonalds", "Estação de Serviço" -> "estacao de servico", "Straße" -> "strasse")."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    stripped = re.sub(r"['’`´]", "", stripped)
    return " ".join(re.findall(r"[a-z0-9]+", stripped))


def _pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = []
    for given in phrases:
        raw = given.strip()
        lead, tail = raw.startswith("*"), raw.endswith("*")
        phrase = normalise(raw.strip("*"))
        if not phrase:
            continue
        alternatives.append(("[a-z0-9]*" if lead else "") + re.escape(phrase) + ("[a-z0-9]*" if tail else ""))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


@lru_cache(maxsize=1)
def _tables() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Compiled patterns per scope: what a vendor name, an item line (strongly) and goods (weakly) say."""
    tables: dict[str, list[tuple[str, re.Pattern[str]]]] = {"vendor": [], "item": [], "goods": []}
    for rule in RULES:
        words, vendors, goods = (rule.words.split(","), rule.vendors.split(","), rule.goods.split(","))
        for scope, phrases in (("vendor", words + vendors), ("item", words), ("goods", goods)):
            if (pattern := _pattern(phrases)) is not None:
                tables[scope].append((rule.category, pattern))
    return tables


def _best(text: str | None, scope: str) -> str | None:
    """The category whose phrase matches the most text (the more specific one: "uber eats" over "uber");
    ties go to the earlier category in :data:`RULES`."""
    if not text:
        return None
    normalised = normalise(text)
    if not normalised:
        return None
    best: tuple[int, int, str] | None = None
    for category, pattern in _tables()[scope]:
        for m in pattern.finditer(normalised):
            candidate = (-(m.end() - m.start()), _PRIORITY[category], category)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else None


def canonical(value: object) -> str | None:
    """``value`` when it is one of :data:`CATEGORIES` (any case, spacing or accents), else None: how a
    category from a model or a form is validated."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    key = normalise(value).replace(" ", "_")
    return key if key in _PRIORITY else None


def vendor_category(vendor: str | None) -> str | None:
    """The category a vendor's name says it belongs to ("Repsol Estación 123" -> fuel), or None."""
    return _best(vendor, "vendor")


def item_category(description: str | None) -> str | None:
    """The category an item line names on its own ("GASOLEO A 45.3 L" -> fuel), ignoring weak goods."""
    return _best(description, "item")


@dataclass(frozen=True)
class ItemInput:
    description: str
    amount: Decimal | None = None
    category: str | None = None  # from the extractor; kept only when it is a canonical key


@dataclass(frozen=True)
class Categorised:
    invoice: str | None  # None when there is neither a vendor nor an item to judge by
    items: list[str]
    # How sure the invoice's category is, from how it was decided: the vendor's name saying it is strong;
    # from the items, the share of their value in it; ``other`` is a shrug.
    confidence: float | None = None


VENDOR_CONFIDENCE = 0.85
OTHER_CONFIDENCE = 0.3


def categorise(vendor: str | None, items: Sequence[ItemInput]) -> Categorised:
    """A category for every item and one for the invoice (see the module docstring for the rules)."""
    by_vendor = vendor_category(vendor)
    named = [canonical(item.category) or item_category(item.description) for item in items]
    # Lines that name the vendor's own category say which lines it was; the rest are not it.
    vendor_claims_rest = by_vendor is not None and by_vendor not in named
    categories: list[str] = []
    for item, category in zip(items, named, strict=True):
        if category is not None:
            categories.append(category)
        elif vendor_claims_rest and by_vendor is not None:
            categories.append(by_vendor)
        else:
            categories.append(_best(item.description, "goods") or OTHER)
    if by_vendor is not None:
        return Categorised(by_vendor, categories, VENDOR_CONFIDENCE)
    main = _main(items, categories) or (OTHER if vendor else None)
    return Categorised(main, categories, _confidence(main, items, categories))


def _confidence(main: str | None, items: Sequence[ItemInput], categories: Sequence[str]) -> float | None:
    if main is None:
        return None
    if main == OTHER:
        return OTHER_CONFIDENCE
    values = [abs(item.amount) if item.amount is not None else Decimal(0) for item in items]
    whole = sum(values, Decimal(0))
    share = (sum((v for v, c in zip(values, categories, strict=True) if c == main), Decimal(0)) / whole if whole
             else Decimal(sum(c == main for c in categories)) / max(len(categories), 1))
    return round(0.5 + 0.3 * float(share), 3)  # 0.8 when every line says it, 0.5 + a little for a near tie


def _main(items: Sequence[ItemInput], categories: Sequence[str]) -> str | None:
    """The category holding most of the items' value (any named one before ``other``)."""
    if not categories:
        return None
    value: dict[str, tuple[Decimal, int]] = {}
    for item, category in zip(items, categories, strict=True):
        amount = abs(item.amount) if item.amount is not None else Decimal(0)
        total, count = value.get(category, (Decimal(0), 0))
        value[category] = (total + amount, count + 1)
    return min(value, key=lambda c: (c == OTHER, -value[c][0], -value[c][1], _PRIORITY[c]))


__all__ = ["CATEGORIES", "OTHER", "RULES", "Categorised", "ItemInput", "Rule", "canonical", "categorise",
           "item_category", "normalise", "vendor_category"]
