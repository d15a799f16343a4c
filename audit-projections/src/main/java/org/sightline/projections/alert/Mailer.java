package org.sightline.projections.alert;

import java.io.IOException;
import java.util.List;

/** Hands one mail to the mail server; returns only once the server accepted it. */
interface Mailer {

    /** @throws IOException when the server cannot be reached, or refuses the mail */
    void send(List<String> recipients, AlertMail mail) throws IOException;
}
