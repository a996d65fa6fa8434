package dev.assay.graders.essay;

import java.util.Set;

/**
 * Small hand-made English word lists (written for this project): function words, and very common words that
 * count as correctly spelled even when no exemplar uses them. Spelling is otherwise judged against the words
 * of the prompt, the source text and the exemplars; there is no external dictionary.
 */
final class Lexicon {

    private Lexicon() {
    }

    static final Set<String> FUNCTION_WORDS = Set.copyOf(java.util.Arrays.asList((
            "a about above after again against all am an and any are as at be because been before being below "
            + "between both but by can could did do does doing down during each few for from further had has have "
            + "having he her here hers herself him himself his how i if in into is it its itself just me more most "
            + "my myself no nor not now of off on once only or other our ours ourselves out over own same she should "
            + "so some such than that the their theirs them themselves then there these they this those through to "
            + "too under until up very was we were what when where which while who whom why will with would you your "
            + "yours yourself yourselves also although though however therefore thus since whether either neither "
            + "yet upon within without among across along around onto toward towards us may might must shall "
            + "cannot can't don't doesn't didn't isn't aren't wasn't weren't won't wouldn't couldn't shouldn't "
            + "i'm i've i'd i'll you're you've they're they've we're we've it's that's there's let's "
            + "another every many much several whose whatever whoever whenever wherever").split(" ")));

    static final Set<String> COMMON_WORDS = Set.copyOf(java.util.Arrays.asList((
            "able accept according account across act action actually add afraid age ago agree air allow almost "
            + "alone already always amount animal answer anyone anything area argue argument arm art ask away back "
            + "bad ball bank base bear beautiful become bed begin behind believe benefit best better big bit black "
            + "blood blue board body book born bring brother build business buy call car care carry case cause "
            + "center certain chance change child children choice choose city class clear close cold come common "
            + "community company computer consider continue control cost country course cover create cut dark "
            + "data day dead deal death decide decision deep describe design detail develop die difference "
            + "different difficult dinner direction discover discuss doctor dog door dream drive drop early earth "
            + "easy eat economy education effect effort else end enjoy enough enter entire environment especially "
            + "even evening event ever everyone everything evidence exactly example experience explain eye face "
            + "fact fall family far fast father fear feel feeling field fight figure fill final finally find fine "
            + "finish fire first fish five floor fly follow food foot force forget form forward four free friend "
            + "front full fun future game garden general get girl give glad go good government great green ground "
            + "group grow guess gun hair half hand happen happy hard head health hear heart heat heavy help high "
            + "history hit hold home hope hospital hot hour house huge human hundred idea important include "
            + "increase indeed information inside instead interest interesting issue job join keep key kid kill "
            + "kind know knowledge land language large last late later laugh law lead learn least leave left leg "
            + "less lesson letter level lie life light like likely line list listen little live local long look "
            + "lose loss lot love low main major make man manage many market matter maybe mean meet member memory "
            + "mention message middle mind minute miss moment money month morning mother move movie music name "
            + "nation natural nature near nearly need never new news next nice night none normal nothing notice "
            + "number offer office often oh ok okay old one open opinion order others outside page pain paper "
            + "parent part particular party pass past pay peace people perhaps period person personal phone pick "
            + "picture piece place plan play player please point police poor popular position possible power "
            + "practice prepare present president pretty prevent price probably problem process produce program "
            + "provide public pull purpose put question quickly quite race rate rather reach read ready real "
            + "reality realize really reason receive recent recently record red reduce remain remember report "
            + "require research rest result return right rise road rock role room rule run safe say scene school "
            + "science sea season second see seem sell send sense serious serve set seven shake share short show "
            + "side sign simple simply since sing sister sit situation six size skill small smile social society "
            + "someone something sometimes son soon sort sound source space speak special spend sport spring "
            + "stand start state stay step still stop story street strong student study stuff subject success "
            + "suddenly summer support sure surface system table take talk teach teacher team tell ten tend term "
            + "test thank thing think third thought thousand three time today together tomorrow tonight top total "
            + "touch town trade travel tree trip trouble true truth try turn two type understand until use usually "
            + "value various view visit voice wait walk wall want war watch water way weather week weight well west "
            + "white whole wide wife win wind window wish woman women wonder word work worker world worry write "
            + "wrong yeah year yes young paragraph essay author text conclusion reader writer article character "
            + "feel felt made said went got took came saw knew thought told became began gave found kept left "
            + "things people years times days ways friends kids parents students teachers computers words").split(" ")));

    /** Determiners that are never pronouns (and that learners do not confuse with "it's", "there", "you're"). */
    static final Set<String> DETERMINERS = Set.of("the", "a", "an", "my", "our", "every");

    /** Function words that may follow a determiner ("the other", "a few", "my own"). */
    static final Set<String> AFTER_DETERMINER = Set.of("other", "others", "most", "more", "few", "many", "same",
            "own", "very", "such", "much", "only", "first", "last", "next", "best", "whole", "two", "one", "all",
            "both", "less", "least", "further", "another", "several", "i", "it's", "not", "no", "so", "too",
            "that", "this", "what", "who", "which", "there", "here", "then", "now", "up", "out", "off", "down", "over", "while", "lot", "bit");

    /**
     * Everyday words of any kind of writing that are not on the common-word list (verbs of narration, people
     * close to the writer, time words): they say nothing about what an essay is about, so they are never
     * anchor terms of a prompt ({@link TopicAnchors}). A hand-made stand-in for a general-English background.
     */
    static final Set<String> GENERAL_WORDS = Set.copyOf(java.util.Arrays.asList((
            "go goes going went gone get gets getting got gotten start started starting want wanted ask asked look "
            + "looked looking make made making happen happened walk walked talk talked say says said come came "
            + "know knew think thought like liked us help helped show showed live lived take took taken tell told "
            + "give gave see saw seen put keep kept let seem seemed turn turned leave left run ran stop stopped try "
            + "tried need needed feel felt really lot lots kind sure finally minute minutes hour hours day days "
            + "mom mother dad father sister brother friend friends grandma grandpa aunt uncle cousin thing things "
            + "something nothing anything everything someone somebody everybody people person time times today "
            + "yesterday tomorrow week weeks year years night morning way ways back good great little long new old "
            + "right well yes yeah okay ok though maybe actually usually always never sometimes").split(" ")));

    static boolean isFunctionWord(String word) {
        return FUNCTION_WORDS.contains(word);
    }
}
