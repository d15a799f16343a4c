package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.QueueId;
import org.sightline.contracts.Require;

/**
 * A customer asks for help: opens a support session in a queue.
 *
 * @param company absent when the customer gave none
 * @param publicIp the customer's address as the server saw it
 * @param privateIp the address the customer's client reported; absent when it reported none
 */
public record RequestSupport(
        Lsid lsid,
        QueueId queue,
        String customerName,
        String company,
        String problemDescription,
        String publicIp,
        String privateIp,
        ClientKind clientKind) implements LsidCommand {

    public RequestSupport {
        Require.present(lsid, "lsid");
        Require.present(queue, "queue");
        Require.name(customerName, "customerName");
        Require.optionalName(company, "company");
        Require.text(problemDescription, "problemDescription");
        Require.ipAddress(publicIp, "publicIp");
        Require.optionalIpAddress(privateIp, "privateIp");
        Require.present(clientKind, "clientKind");
    }
}
