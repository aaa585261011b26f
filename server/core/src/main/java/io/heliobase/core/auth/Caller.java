package io.heliobase.core.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Who is making a request; decided once from keys and session, then passed down explicitly. */
public sealed interface Caller {

    /** The master key: bypasses ACLs and class-level permissions. */
    record Master() implements Caller {
    }

    /** The read-only master key: reads like master, may not write. */
    record ReadOnlyMaster() implements Caller {
    }

    /** A signed-in user with the names of every role they hold (inheritance already expanded). */
    record User(String userId, String sessionToken, Set<String> roles) implements Caller {
        public User {
            roles = Set.copyOf(roles);
        }
    }

    /** No session: only public ("*") access. */
    record Anonymous() implements Caller {
    }

    Caller MASTER = new Master();
    Caller READ_ONLY_MASTER = new ReadOnlyMaster();
    Caller ANONYMOUS = new Anonymous();

    default boolean isMaster() {
        return this instanceof Master || this instanceof ReadOnlyMaster;
    }

    default boolean mayWrite() {
        return !(this instanceof ReadOnlyMaster);
    }

    /** The ACL entries this caller matches: "*", its user id and "role:Name" for each role. */
    default List<String> aclEntries() {
        return switch (this) {
            case Master m -> List.of();
            case ReadOnlyMaster m -> List.of();
            case Anonymous a -> List.of("*");
            case User u -> {
                List<String> entries = new ArrayList<>();
                entries.add("*");
                entries.add(u.userId());
                u.roles().stream().sorted().forEach(r -> entries.add("role:" + r));
                yield List.copyOf(entries);
            }
        };
    }
}
