/*
 * gen-news.h - nf-gen --style news: sentences that read like news, written for this generator.
 *
 * Each story is an event of one kind; its articles are made of that kind's sentences and of
 * sentences any report can carry, with the story's people, places, organisation and figures
 * filled in. No sentence has more than six words in a row without one of those: stories of
 * one kind must not share passages (the aligner needs seven), only their quotations. Markers: {p0}
 * {p1} a person of the story (in full the first time), {p0L} {p1L} a surname, {city} its city,
 * {place} its town, {org} its organisation, {n} a small number, {fig} its figure
 * ("4.2 million"), {day} the weekday, {other} a sentence-opening phrase, {quote} one of the
 * kind's quotations (the same words in every copy that carries it).
 */
#ifndef NF_GEN_NEWS_H
#define NF_GEN_NEWS_H

typedef struct news_kind {
	const char *titles[4];
	const char *lead[3];
	const char *body[8];
	const char *quotes[4];
} news_kind;

static const news_kind news_kinds[] = {
    {{"Fire destroys {place} warehouse as {city} crews battle blaze",
      "{place} warehouse fire forces {n} {org} families out",
      "{city} firefighters contain {place} blaze, {p0L} says",
      "{org} investigators search {place} ruins for cause of fire"},
     {"A fire tore through a {place} warehouse on {day}, forcing {n} {org} families out, {p0} "
      "said.",
      "Firefighters in {place} battled a blaze at a {org} warehouse on {day}, {p0} said.",
      "A {place} warehouse owned by {org} burned down on {day}, and {p0} said the cause was "
      "unknown."},
     {"Crews from {n} {city} stations reached {place} shortly after midnight.",
      "{p0L} said {n} people in {place} were treated for smoke.",
      "{p1} said the {org} building in {place} stood empty.",
      "Residents of {place} went home by {day} afternoon, {p0L} said.",
      "{org} put the damage in {place} at {fig}.",
      "{org} investigators will visit {place} again, {p1L} said.",
      "Roads around {place} stayed closed on {day}, according to {org}.",
      "{p1L} said {place} had asked {org} for a fire station."},
     {"The crews worked through the night and stopped the fire from reaching the houses",
      "We are very lucky that nobody was inside the building when it caught fire",
      "It is too early to say what started it, and we will not guess",
      "People heard a loud bang and then saw the flames coming through the roof"}},
    {{"{p0L} wins {place} mayoral race by {n} votes", "{place} voters choose {p0L} over {p1L}",
      "{place} election goes to {p0L} after {city} count",
      "Recount confirms {p0L} victory in {place}"},
     {"{p0} won the race for mayor of {place} on {day}, beating {p1} by {n} votes.",
      "Voters in {place} elected {p0} mayor on {day}, defeating {p1}.",
      "{p0} was declared mayor of {place} on {day}, {org} said."},
     {"Turnout in {place} rose to {n} percent, according to {org}.",
      "{p1L} conceded to {p0L} on {day} morning in {place}.",
      "{p0L} takes office in {place} next month and promised {org} a budget plan.",
      "Housing in {place} and buses dominated the {p0L} campaign.",
      "{p0L} thanked volunteers at a rally in {place} on {day}.",
      "The {place} council meets {p0L} in {city} after {day}.",
      "The {place} campaign cost {fig} in total, figures from {org} showed.",
      "{p1L} said {place} would watch how {p0L} kept the promises."},
     {"This result belongs to everyone who knocked on doors in the rain",
      "I called to congratulate the winner and I wish the city well",
      "We will start with housing, because that is what people asked us about",
      "The voters have spoken and we accept their decision"}},
    {{"Storm cuts power to {n} {place} homes",
      "Heavy rain floods {place} roads as storm leaves {city}",
      "{city} storm closes {place} schools, {p0L} says",
      "{place} clean-up begins after storm, says {org}"},
     {"A storm swept over {place} on {day}, cutting power to {n} {org} customers, {p0} said.",
      "Heavy rain hit {place} on {day}, closing roads to {city}, {p0} said.",
      "Thousands of homes around {place} lost power on {day}, {p0} of {org} said."},
     {"{org} engineers worked in {place} through {day} night.",
      "{place} schools stayed closed on {day}, {p1} said.",
      "{org} had warned {place} of wind before {p0L} did.",
      "{p0L} said most of {place} should have power by the weekend.",
      "Insurers put the damage in {place} at {fig}.",
      "Volunteers in {place} handed out {org} sandbags.",
      "{p1L} urged {city} drivers to avoid {place} until {day}.",
      "More rain will reach {place} after {day}, {org} forecasters said."},
     {"Our teams will keep working until every home is back on",
      "Please stay away from fallen lines and call us if you see one",
      "The river rose faster than anyone expected overnight",
      "We have not seen wind like this in this part of the country for years"}},
    {{"{org} agrees {fig} deal for {place} rival",
      "{org} takeover of {place} rival creates biggest supplier",
      "{org} shares jump on {place} deal, {p0L} says", "{city} regulator to review {org} deal"},
     {"{org} agreed on {day} to buy a {place} rival for {fig}, {p0} said.",
      "{org} said it would acquire a {place} competitor for {fig}.",
      "{p0} of {org} announced a {fig} takeover of a {place} firm on {day}."},
     {"The {city} regulator must approve the {org} deal, {p1} said.",
      "{p0L} said {org} would keep the {place} brand for now.",
      "Unions said {n} jobs in {place} were at risk after {day}.",
      "{org} shares rose {n} percent after the {place} news.",
      "Analysts in {city} had expected {org} to pay less than {fig}.",
      "{p1L} said {org} had looked at {place} for {n} months.",
      "{org} expects the {place} deal to close this year, {p0L} said.",
      "The {place} offices of {org} will stay open, {p1L} said."},
     {"This brings together two teams that know the market better than anyone",
      "Customers will not see any change to their contracts",
      "We believe this is the right price for a business with a strong future",
      "We will look at the deal carefully before we decide anything"}},
    {{"{city} court jails {p0L} for {org} fraud", "{p0L} found guilty of stealing {fig} from {org}",
      "Former {org} manager {p0L} sentenced to {n} years",
      "{city} judge says {p0L} betrayed {org} colleagues"},
     {"A {city} court on {day} sentenced {p0} to {n} years for defrauding {org} of {fig}.",
      "{p0} was found guilty of taking {fig} from {org}.",
      "{p0}, a former {org} manager in {place}, was jailed."},
     {"The {city} judge said {p0L} planned the fraud for {n} years.",
      "{p1} told the {city} court {p0L} spent the money on property.",
      "Lawyers for {p0L} said an appeal against {org} was possible.",
      "{org} said it changed how {place} payments were checked.",
      "The trial of {p0L} heard {n} witnesses from {org}.",
      "Prosecutors recovered part of the {fig}, {p1L} said.",
      "An audit at {org} in {place} uncovered the fraud, {p1L} said.",
      "Sentencing of {p0L} was delayed twice, {p1L} said."},
     {"You took advantage of people who trusted you completely",
      "My client accepts the verdict but not the length of the sentence",
      "We hope this brings some closure to the staff who were affected",
      "The money was never his to spend"}},
};

/* Sentences any report can carry. */
static const char *const news_any[] = {
    "{p0} said more details on {place} would follow after {day}.",
    "{org} did not respond when {p1L} asked about {place}.",
    "Media first reported the {place} news, {p1L} said.",
    "{other} officials in {place} said they were watching {org} closely.",
    "{p1} said {day} had shaken {place}.",
    "A spokesperson for {org} said {place} had its help.",
    "{other} {place} remained calm, {p1L} said.",
    "Radio in {city} broadcast news from {place} through {day}.",
};

static const char *const news_openers[] = {
    "On Tuesday,", "Meanwhile,", "Later,", "In a statement,", "Separately,", "By the evening,",
};

#endif
