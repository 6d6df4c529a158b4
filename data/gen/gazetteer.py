#!/usr/bin/env python3
"""Builds ../gazetteer.json from Debian's iso-codes (ISO 3166-1 and 3166-2 for US states)
plus the hand-written demonyms, short forms and major cities below.

Run once when the tables here change: python3 data/gen/gazetteer.py
The output is committed; chancery never runs this script."""
import json, os

ISO = '/usr/share/iso-codes/json/'
countries = json.load(open(ISO + 'iso_3166-1.json'))['3166-1']

# Canonical short names where ISO's are long or formal.
CANON = {
 'USA': 'United States', 'GBR': 'United Kingdom', 'RUS': 'Russia', 'KOR': 'South Korea',
 'PRK': 'North Korea', 'IRN': 'Iran', 'SYR': 'Syria', 'VEN': 'Venezuela', 'BOL': 'Bolivia',
 'TZA': 'Tanzania', 'VNM': 'Vietnam', 'LAO': 'Laos', 'MDA': 'Moldova', 'TWN': 'Taiwan',
 'PSE': 'Palestine', 'COD': 'Democratic Republic of the Congo', 'COG': 'Republic of the Congo',
 'CZE': 'Czech Republic', 'MKD': 'North Macedonia', 'FSM': 'Micronesia', 'BRN': 'Brunei',
 'CIV': "Côte d'Ivoire", 'VAT': 'Holy See', 'CPV': 'Cabo Verde', 'SWZ': 'Eswatini',
 'TUR': 'Türkiye', 'KNA': 'Saint Kitts and Nevis', 'LCA': 'Saint Lucia',
 'VCT': 'Saint Vincent and the Grenadines', 'MMR': 'Myanmar', 'TLS': 'Timor-Leste',
 'BHS': 'Bahamas', 'GMB': 'Gambia', 'NLD': 'Netherlands', 'PHL': 'Philippines',
 'ARE': 'United Arab Emirates', 'CAF': 'Central African Republic', 'DOM': 'Dominican Republic',
 'MHL': 'Marshall Islands', 'SLB': 'Solomon Islands', 'COM': 'Comoros', 'MDV': 'Maldives',
 'SYC': 'Seychelles', 'YEM': 'Yemen', 'LBY': 'Libya', 'SDN': 'Sudan', 'SSD': 'South Sudan',
}
# Other names people use, matched on word boundaries (case-insensitive for multi-word names).
ALIASES = {
 'USA': ['United States of America', 'U.S.', 'USA', 'U.S.A.'],
 'GBR': ['UK', 'U.K.', 'Britain', 'Great Britain', 'England', 'Scotland', 'Wales'],
 'RUS': ['Russian Federation'], 'KOR': ['Republic of Korea', 'ROK'],
 'PRK': ['DPRK', "Democratic People's Republic of Korea"], 'IRN': ['Islamic Republic of Iran'],
 'CHN': ["People's Republic of China", 'PRC', 'Beijing'], 'TUR': ['Turkey', 'Turkiye'],
 'CZE': ['Czechia'], 'MKD': ['Macedonia'], 'CIV': ["Cote d'Ivoire", 'Ivory Coast'],
 'COD': ['DRC', 'DR Congo', 'Congo-Kinshasa'], 'COG': ['Congo-Brazzaville'],
 'MMR': ['Burma'], 'SWZ': ['Swaziland'], 'CPV': ['Cape Verde'], 'TLS': ['East Timor'],
 'PSE': ['Palestinian Territories', 'West Bank', 'Gaza', 'State of Palestine'],
 'VAT': ['Vatican', 'Vatican City'], 'NLD': ['Holland', 'The Netherlands'],
 'ARE': ['UAE', 'U.A.E.', 'Emirates'], 'VNM': ['Viet Nam'], 'LAO': ["Lao People's Democratic Republic"],
 'SYR': ['Syrian Arab Republic'], 'VEN': ['Bolivarian Republic of Venezuela'],
 'FSM': ['Federated States of Micronesia'], 'BHS': ['The Bahamas'], 'GMB': ['The Gambia'],
 'TWN': ['Republic of China'], 'SAU': ['KSA'], 'BIH': ['Bosnia', 'Herzegovina'],
 'TTO': ['Trinidad', 'Tobago'], 'ATG': ['Antigua'], 'STP': ['Sao Tome and Principe'],
 'KAZ': [], 'KGZ': ['Kyrgyz Republic'], 'SVK': ['Slovak Republic'],
}
DEMONYMS = {
 'AFG': ['Afghan'], 'ALB': ['Albanian'], 'DZA': ['Algerian'], 'AGO': ['Angolan'],
 'ARG': ['Argentine', 'Argentinian'], 'ARM': ['Armenian'], 'AUS': ['Australian'],
 'AUT': ['Austrian'], 'AZE': ['Azerbaijani'], 'BHR': ['Bahraini'], 'BGD': ['Bangladeshi'],
 'BLR': ['Belarusian'], 'BEL': ['Belgian'], 'BLZ': ['Belizean'], 'BEN': ['Beninese'],
 'BTN': ['Bhutanese'], 'BOL': ['Bolivian'], 'BIH': ['Bosnian'], 'BWA': ['Botswanan'],
 'BRA': ['Brazilian'], 'BGR': ['Bulgarian'], 'BFA': ['Burkinabe'], 'BDI': ['Burundian'],
 'KHM': ['Cambodian'], 'CMR': ['Cameroonian'], 'CAN': ['Canadian'], 'TCD': ['Chadian'],
 'CHL': ['Chilean'], 'CHN': ['Chinese'], 'COL': ['Colombian'], 'CRI': ['Costa Rican'],
 'HRV': ['Croatian'], 'CUB': ['Cuban'], 'CYP': ['Cypriot'], 'CZE': ['Czech'],
 'DNK': ['Danish'], 'DJI': ['Djiboutian'], 'DOM': ['Dominican'], 'ECU': ['Ecuadorian'],
 'EGY': ['Egyptian'], 'SLV': ['Salvadoran'], 'EST': ['Estonian'], 'ETH': ['Ethiopian'],
 'FJI': ['Fijian'], 'FIN': ['Finnish'], 'FRA': ['French'], 'GAB': ['Gabonese'],
 'GEO': ['Georgian'], 'DEU': ['German'], 'GHA': ['Ghanaian'], 'GRC': ['Greek'],
 'GTM': ['Guatemalan'], 'GIN': ['Guinean'], 'GUY': ['Guyanese'], 'HTI': ['Haitian'],
 'HND': ['Honduran'], 'HUN': ['Hungarian'], 'ISL': ['Icelandic'], 'IND': ['Indian'],
 'IDN': ['Indonesian'], 'IRN': ['Iranian'], 'IRQ': ['Iraqi'], 'IRL': ['Irish'],
 'ISR': ['Israeli'], 'ITA': ['Italian'], 'JAM': ['Jamaican'], 'JPN': ['Japanese'],
 'JOR': ['Jordanian'], 'KAZ': ['Kazakh', 'Kazakhstani'], 'KEN': ['Kenyan'],
 'KWT': ['Kuwaiti'], 'KGZ': ['Kyrgyz'], 'LAO': ['Lao', 'Laotian'], 'LVA': ['Latvian'],
 'LBN': ['Lebanese'], 'LBR': ['Liberian'], 'LBY': ['Libyan'], 'LTU': ['Lithuanian'],
 'LUX': ['Luxembourgish'], 'MDG': ['Malagasy'], 'MWI': ['Malawian'], 'MYS': ['Malaysian'],
 'MDV': ['Maldivian'], 'MLI': ['Malian'], 'MLT': ['Maltese'], 'MRT': ['Mauritanian'],
 'MUS': ['Mauritian'], 'MEX': ['Mexican'], 'MDA': ['Moldovan'], 'MNG': ['Mongolian'],
 'MNE': ['Montenegrin'], 'MAR': ['Moroccan'], 'MOZ': ['Mozambican'], 'MMR': ['Burmese'],
 'NAM': ['Namibian'], 'NPL': ['Nepali', 'Nepalese'], 'NLD': ['Dutch'],
 'NZL': ['New Zealand'], 'NIC': ['Nicaraguan'], 'NER': ['Nigerien'], 'NGA': ['Nigerian'],
 'PRK': ['North Korean'], 'MKD': ['North Macedonian'], 'NOR': ['Norwegian'], 'OMN': ['Omani'],
 'PAK': ['Pakistani'], 'PLW': ['Palauan'], 'PSE': ['Palestinian'], 'PAN': ['Panamanian'],
 'PNG': ['Papua New Guinean'], 'PRY': ['Paraguayan'], 'PER': ['Peruvian'],
 'PHL': ['Filipino', 'Philippine'], 'POL': ['Polish'], 'PRT': ['Portuguese'],
 'QAT': ['Qatari'], 'ROU': ['Romanian'], 'RUS': ['Russian'], 'RWA': ['Rwandan'],
 'SAU': ['Saudi', 'Saudi Arabian'], 'SEN': ['Senegalese'], 'SRB': ['Serbian'],
 'SLE': ['Sierra Leonean'], 'SGP': ['Singaporean'], 'SVK': ['Slovak'], 'SVN': ['Slovenian'],
 'SOM': ['Somali'], 'ZAF': ['South African'], 'KOR': ['South Korean', 'Korean'],
 'SSD': ['South Sudanese'], 'ESP': ['Spanish'], 'LKA': ['Sri Lankan'], 'SDN': ['Sudanese'],
 'SUR': ['Surinamese'], 'SWE': ['Swedish'], 'CHE': ['Swiss'], 'SYR': ['Syrian'],
 'TWN': ['Taiwanese'], 'TJK': ['Tajik'], 'TZA': ['Tanzanian'], 'THA': ['Thai'],
 'TGO': ['Togolese'], 'TON': ['Tongan'], 'TTO': ['Trinidadian'], 'TUN': ['Tunisian'],
 'TUR': ['Turkish'], 'TKM': ['Turkmen'], 'UGA': ['Ugandan'], 'UKR': ['Ukrainian'],
 'ARE': ['Emirati'], 'GBR': ['British'], 'USA': ['American'], 'URY': ['Uruguayan'],
 'UZB': ['Uzbek'], 'VUT': ['Vanuatuan'], 'VEN': ['Venezuelan'], 'VNM': ['Vietnamese'],
 'YEM': ['Yemeni'], 'ZMB': ['Zambian'], 'ZWE': ['Zimbabwean'], 'GRL': ['Greenlandic'],
 'SLB': ['Solomon Islander'], 'WSM': ['Samoan'], 'KIR': ['I-Kiribati'], 'TLS': ['Timorese'],
 'ERI': ['Eritrean'], 'CPV': ['Cabo Verdean'], 'GNB': ['Bissau-Guinean'], 'GMB': ['Gambian'],
 'SYC': ['Seychellois'], 'BRB': ['Barbadian'], 'BHS': ['Bahamian'], 'BRN': ['Bruneian'],
 'KOS': ['Kosovar'], 'CIV': ['Ivorian'], 'COD': ['Congolese'], 'MHL': ['Marshallese'],
}
CITIES = {
 'USA': ['Washington', 'New York', 'Los Angeles', 'Chicago', 'Houston', 'Philadelphia', 'Boston',
         'San Francisco', 'Miami', 'Atlanta', 'Seattle', 'Detroit', 'Denver', 'Baltimore',
         'Honolulu', 'Anchorage', 'Wilmington', 'Pittsburgh', 'Camp David', 'Rehoboth Beach',
         'Las Vegas', 'Phoenix', 'Dallas', 'Austin', 'San Diego', 'New Orleans', 'Milwaukee',
         'Madison', 'Raleigh', 'Charlotte', 'Orlando', 'Tampa', 'Savannah', 'Scranton'],
 'GBR': ['London', 'Edinburgh', 'Glasgow', 'Manchester', 'Cornwall', 'Belfast', 'Carbis Bay'],
 'FRA': ['Paris', 'Marseille', 'Lyon', 'Nice', 'Strasbourg', 'Normandy'],
 'DEU': ['Berlin', 'Munich', 'Frankfurt', 'Bonn', 'Hamburg', 'Ramstein', 'Elmau'],
 'RUS': ['Moscow', 'Saint Petersburg', 'St. Petersburg', 'Sochi'],
 'CHN': ['Beijing', 'Shanghai', 'Tianjin', 'Guangzhou', 'Hong Kong', 'Wuhan'],
 'JPN': ['Tokyo', 'Osaka', 'Hiroshima', 'Kyoto'], 'KOR': ['Seoul', 'Busan'],
 'PRK': ['Pyongyang'], 'IND': ['New Delhi', 'Delhi', 'Mumbai', 'Bengaluru'],
 'PAK': ['Islamabad', 'Karachi', 'Lahore'], 'AFG': ['Kabul', 'Kandahar'],
 'ISR': ['Jerusalem', 'Tel Aviv'], 'PSE': ['Ramallah', 'Gaza City'],
 'EGY': ['Cairo', 'Sharm el-Sheikh'], 'JOR': ['Amman'], 'SAU': ['Riyadh', 'Jeddah'],
 'ARE': ['Abu Dhabi', 'Dubai'], 'QAT': ['Doha'], 'KWT': ['Kuwait City'],
 'IRN': ['Tehran'], 'IRQ': ['Baghdad', 'Erbil'], 'SYR': ['Damascus', 'Aleppo'],
 'LBN': ['Beirut'], 'TUR': ['Ankara', 'Istanbul'], 'UKR': ['Kyiv', 'Kiev', 'Lviv', 'Kharkiv', 'Odesa'],
 'POL': ['Warsaw', 'Rzeszow', 'Krakow'], 'BEL': ['Brussels'], 'NLD': ['The Hague', 'Amsterdam'],
 'ITA': ['Rome', 'Milan', 'Brindisi', 'Naples', 'Apulia'], 'ESP': ['Madrid', 'Barcelona'],
 'PRT': ['Lisbon'], 'CHE': ['Geneva', 'Bern', 'Zurich', 'Davos'], 'AUT': ['Vienna'],
 'SWE': ['Stockholm'], 'NOR': ['Oslo'], 'DNK': ['Copenhagen'], 'FIN': ['Helsinki'],
 'ISL': ['Reykjavik'], 'IRL': ['Dublin'], 'GRC': ['Athens'], 'ROU': ['Bucharest'],
 'BGR': ['Sofia'], 'HUN': ['Budapest'], 'CZE': ['Prague'], 'SVK': ['Bratislava'],
 'LTU': ['Vilnius'], 'LVA': ['Riga'], 'EST': ['Tallinn'], 'MDA': ['Chisinau'],
 'GEO': ['Tbilisi'], 'ARM': ['Yerevan'], 'AZE': ['Baku'], 'KAZ': ['Astana', 'Almaty', 'Nur-Sultan'],
 'UZB': ['Tashkent'], 'CAN': ['Ottawa', 'Toronto', 'Montreal', 'Vancouver', 'Quebec City'],
 'MEX': ['Mexico City', 'Guadalajara'], 'GTM': ['Guatemala City'], 'HND': ['Tegucigalpa'],
 'SLV': ['San Salvador'], 'CRI': ['San Jose'], 'PAN': ['Panama City'], 'COL': ['Bogota', 'Bogotá'],
 'VEN': ['Caracas'], 'ECU': ['Quito', 'Guayaquil'], 'PER': ['Lima'], 'CHL': ['Santiago'],
 'ARG': ['Buenos Aires'], 'BRA': ['Brasilia', 'Brasília', 'Sao Paulo', 'São Paulo', 'Rio de Janeiro'],
 'CUB': ['Havana'], 'HTI': ['Port-au-Prince'], 'DOM': ['Santo Domingo'], 'JAM': ['Kingston'],
 'NGA': ['Abuja', 'Lagos'], 'KEN': ['Nairobi'], 'ETH': ['Addis Ababa'], 'ZAF': ['Pretoria', 'Johannesburg', 'Cape Town'],
 'SEN': ['Dakar'], 'GHA': ['Accra'], 'RWA': ['Kigali'], 'COD': ['Kinshasa'], 'SDN': ['Khartoum'],
 'DZA': ['Algiers'], 'MAR': ['Rabat', 'Marrakech'], 'TUN': ['Tunis'], 'LBY': ['Tripoli'],
 'IDN': ['Jakarta', 'Bali'], 'MYS': ['Kuala Lumpur'], 'SGP': ['Singapore'], 'THA': ['Bangkok'],
 'VNM': ['Hanoi', 'Ho Chi Minh City'], 'PHL': ['Manila'], 'KHM': ['Phnom Penh'], 'MMR': ['Naypyidaw', 'Yangon'],
 'AUS': ['Canberra', 'Sydney', 'Melbourne'], 'NZL': ['Wellington', 'Auckland'], 'FJI': ['Suva', 'Nadi', 'Denarau Island'],
 'MNG': ['Ulaanbaatar'], 'BGD': ['Dhaka'], 'LKA': ['Colombo'], 'NPL': ['Kathmandu'],
 'SRB': ['Belgrade'], 'HRV': ['Zagreb'], 'SVN': ['Ljubljana'], 'BIH': ['Sarajevo'], 'ALB': ['Tirana'],
 'MKD': ['Skopje'], 'MNE': ['Podgorica'], 'OMN': ['Muscat'], 'BHR': ['Manama'], 'YEM': ['Sanaa', "Sana'a"],
 'GRL': ['Nuuk'], 'LUX': ['Luxembourg City'], 'TWN': ['Taipei'],
}
# Kosovo has no ISO 3166-1 code; it is in the corpus (user-assigned XKX).
EXTRA = [{'alpha_3': 'XKX', 'name': 'Kosovo'}]

out = []
for c in countries + EXTRA:
    iso3 = c['alpha_3']
    name = CANON.get(iso3) or c.get('common_name') or c['name']
    aliases = set(ALIASES.get(iso3, []))
    for k in ('name', 'common_name', 'official_name'):
        v = c.get(k)
        if v and ', ' not in v and v != name:
            aliases.add(v)
    dem = DEMONYMS.get(iso3, [])
    if iso3 == 'XKX':
        dem = ['Kosovar']
    out.append({'iso3': iso3, 'name': name, 'aliases': sorted(aliases), 'demonyms': dem,
                'cities': CITIES.get(iso3, [])})

states = json.load(open(ISO + 'iso_3166-2.json'))['3166-2']
us = [{'code': s['code'][3:], 'name': s['name']} for s in states if s['code'].startswith('US-')]
us.append({'code': 'DC', 'name': 'District of Columbia'})
doc = {'_about': 'Countries (ISO 3166-1 via Debian iso-codes; short names, demonyms and cities hand-written in data/gen/gazetteer.py) and US states. Replace with --gazetteer FILE or CHANCERY_GAZETTEER.',
       'countries': out, 'us_states': us}
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, '..', 'gazetteer.json'), 'w') as f:
    json.dump(doc, f, ensure_ascii=False, indent=0)
print(len(out), 'countries,', len(us), 'US states')
