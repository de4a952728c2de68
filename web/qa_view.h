// The event's shared questions and answers as the public sees them: what one supplier learnt in
// a meeting and staff flagged "share with all" is published to every supplier of the event on
// its page /e/{slug} (equal treatment). Never shows who asked or in which meeting.
#pragma once

#include <cstdint>
#include <string>

#include "data/database.h"
#include "web/i18n.h"

namespace dialogdag::web {

// A section with a level-2 heading and the shared entries (oldest first, each with the day it
// was shared), escaped; "" when the event has none (entries blanked by a purge do not count).
std::string shared_answers_html(data::Db& db, std::int64_t event_id, const std::string& time_zone,
                                Lang lang);

}  // namespace dialogdag::web
