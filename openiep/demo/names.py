"""Name lists for the synthetic district, grouped by family background.

Shipped here (not drawn from Faker at run time) so a seed gives the same district on every machine and
every library version. Every name is common in US schools; combinations are random, so no real person is
described.
"""

from __future__ import annotations

HISPANIC_FEMALE = (
    "Sofía", "Valentina", "Camila", "Isabella", "Mariana", "Ximena", "Lucía", "Daniela", "Gabriela", "Natalia",
    "Valeria", "Fernanda", "Alejandra", "Guadalupe", "María", "Ana", "Paola", "Andrea", "Renata", "Regina",
    "Jimena", "Itzel", "Yaretzi", "Dulce", "Esmeralda", "Araceli", "Leticia", "Rosa", "Carmen", "Yesenia",
    "Karla", "Brenda", "Marisol", "Luz", "Elena", "Adriana", "Veronica", "Julieta", "Abril", "Noemí",
    "Catalina", "Emilia", "Mía", "Victoria", "Alondra", "Maricela", "Graciela", "Estrella", "Inés", "Dayana",
)
HISPANIC_MALE = (
    "Santiago", "Mateo", "Sebastián", "Diego", "Alejandro", "Emiliano", "Leonardo", "Daniel", "Miguel", "Ángel",
    "José", "Juan", "Luis", "Carlos", "Jorge", "Jesús", "Francisco", "Antonio", "Manuel", "Ricardo",
    "Fernando", "Eduardo", "Javier", "Andrés", "Rafael", "Héctor", "Iker", "Joaquín", "Gael", "Tomás",
    "Adrián", "Julián", "Nicolás", "Gabriel", "Cristian", "Omar", "Raúl", "Rubén", "Sergio", "Ernesto",
    "Axel", "Damián", "Emmanuel", "Isaac", "Kevin", "Brandon", "Jonathan", "Marco", "Pablo", "Aarón",
)
HISPANIC_LAST = (
    "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres",
    "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Morales", "Cruz", "Ortiz", "Gutiérrez", "Chávez",
    "Ramos", "Ruiz", "Mendoza", "Álvarez", "Castillo", "Jiménez", "Moreno", "Romero", "Herrera", "Medina",
    "Aguilar", "Vargas", "Guzmán", "Castro", "Vásquez", "Salazar", "Contreras", "Delgado", "Figueroa", "Domínguez",
    "Soto", "Luna", "Ríos", "Mejía", "Estrada", "Cabrera", "Espinoza", "Navarro", "Fuentes", "Cervantes",
    "Rosales", "Ibarra", "Campos", "Valdez", "Villanueva", "Orozco", "Maldonado", "Sandoval", "Acosta", "Peña",
    "Zamora", "Trujillo", "Lara", "Pacheco", "Montoya", "Quintero", "Velázquez", "Cardenas", "Marroquín", "Arellano",
)

GENERAL_FEMALE = (
    "Olivia", "Emma", "Ava", "Charlotte", "Amelia", "Harper", "Evelyn", "Abigail", "Emily", "Elizabeth",
    "Ella", "Avery", "Scarlett", "Madison", "Chloe", "Grace", "Lily", "Aubrey", "Zoey", "Hannah",
    "Nora", "Riley", "Layla", "Brooklyn", "Savannah", "Claire", "Stella", "Hazel", "Aurora", "Lillian",
    "Addison", "Natalie", "Leah", "Audrey", "Allison", "Sarah", "Anna", "Caroline", "Kaylee", "Paisley",
    "Jennifer", "Jessica", "Ashley", "Amanda", "Megan", "Rachel", "Lauren", "Heather", "Nicole", "Stephanie",
)
GENERAL_MALE = (
    "Liam", "Noah", "Oliver", "Elijah", "James", "William", "Benjamin", "Lucas", "Henry", "Theodore",
    "Jack", "Levi", "Alexander", "Jackson", "Michael", "Owen", "Wyatt", "Samuel", "Ethan", "Logan",
    "Carter", "Grayson", "Hudson", "Caleb", "Ryan", "Nathan", "Connor", "Eli", "Hunter", "Austin",
    "Dylan", "Tyler", "Cole", "Brody", "Colton", "Landon", "Mason", "Aiden", "Gavin", "Wesley",
    "Matthew", "Christopher", "Joshua", "Andrew", "David", "Joseph", "Robert", "Brian", "Jason", "Eric",
)
WHITE_LAST = (
    "Smith", "Johnson", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin",
    "Thompson", "White", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright",
    "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner",
    "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook",
    "Rogers", "Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Cox", "Ward",
    "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price", "Sanders", "Myers",
    "Long", "Ross", "Foster", "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Fisher", "Schmidt",
    "Becker", "Hoffman", "Schneider", "Kowalski", "Nowak", "O'Brien", "McCarthy", "Lindqvist", "Yoder", "Stoltzfus",
)
BLACK_FEMALE = (
    "Aaliyah", "Imani", "Jasmine", "Destiny", "Nia", "Kiara", "Aniyah", "Amara", "Zuri", "Jada",
    "Tiana", "Makayla", "Brianna", "Kennedy", "Londyn", "Ayanna", "Nevaeh", "Skylar", "Janelle", "Keisha",
    "Tamika", "Latoya", "Ebony", "Monique", "Danielle", "Shanice", "Alicia", "Tanisha", "Kimberly", "Crystal",
)
BLACK_MALE = (
    "Jaylen", "Malik", "Xavier", "Isaiah", "Elijah", "Jamal", "DeShawn", "Darius", "Terrence", "Marcus",
    "Andre", "Jalen", "Kendrick", "Cameron", "Jordan", "Josiah", "Micah", "Amari", "Khalil", "Tyrese",
    "Dominic", "Derrick", "Reginald", "Cedric", "Corey", "Lamar", "Maurice", "Jerome", "Tyrone", "Kareem",
)
BLACK_LAST = (
    "Williams", "Johnson", "Brown", "Jones", "Jackson", "Davis", "Harris", "Robinson", "Thomas", "Taylor",
    "Moore", "White", "Washington", "Jefferson", "Banks", "Coleman", "Bryant", "Alexander", "Simmons", "Hayes",
    "Gaines", "Freeman", "Bell", "Dixon", "Holmes", "Mack", "Pierce", "Wallace", "Grant", "Hamilton",
    "Greene", "Booker", "Tate", "Spencer", "Carter", "Green", "Boyd", "Graves", "Mosley", "Randolph",
)
HAITIAN_FIRST = (
    "Jean", "Pierre", "Wilner", "Fabiola", "Widlene", "Nadège", "Stéphanie", "Ricardo", "Jocelyn", "Guerline",
    "Mackenson", "Ketly", "Rosemène", "Jameson", "Djenane", "Fritz", "Marie", "Wesly", "Bethina", "Kervens",
)
HAITIAN_LAST = (
    "Joseph", "Jean-Baptiste", "Pierre", "Louis", "Charles", "Saint-Louis", "Baptiste", "François", "Alexis",
    "Desir", "Celestin", "Dorvil", "Michel", "Petit-Frère", "Augustin", "Exantus", "Toussaint", "Noël",
)
SOMALI_FIRST = (
    "Ayaan", "Hodan", "Fadumo", "Hibaaq", "Sagal", "Ifrah", "Nasra", "Hamdi", "Ubah", "Khadra",
    "Abdirahman", "Mohamed", "Abdullahi", "Hassan", "Yusuf", "Abdi", "Farah", "Omar", "Ahmed", "Liban",
)
SOMALI_LAST = (
    "Hassan", "Mohamed", "Ali", "Abdi", "Farah", "Warsame", "Osman", "Jama", "Ahmed", "Hussein",
    "Yusuf", "Nur", "Dahir", "Abdullahi", "Aden", "Elmi", "Guled", "Ismail",
)
VIETNAMESE_FIRST = (
    "Anh", "Linh", "Mai", "Ngoc", "Thao", "Trang", "Vy", "Hoa", "Lan", "Huong",
    "Minh", "Duc", "Hung", "Khoa", "Long", "Nam", "Phuc", "Quang", "Tuan", "Bao",
)
VIETNAMESE_LAST = (
    "Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Vo", "Dang", "Bui", "Do", "Ho", "Ngo", "Duong", "Ly",
)
CHINESE_FIRST = (
    "Wei", "Jing", "Xin", "Yu", "Hui", "Mei", "Ling", "Yan", "Fang", "Jia",
    "Hao", "Jun", "Ming", "Lei", "Tao", "Bo", "Chen", "Kai", "Yi", "Zhi",
)
CHINESE_LAST = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Lin",
)
KOREAN_FIRST = ("Ji-woo", "Seo-yeon", "Min-jun", "Ha-eun", "Do-yun", "Ye-jin", "Joon", "Hyun", "Soo-ah", "Jae")
KOREAN_LAST = ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim")
SOUTH_ASIAN_FIRST = (
    "Aarav", "Arjun", "Vihaan", "Rohan", "Aditya", "Ishaan", "Sai", "Ayaan", "Zain", "Imran",
    "Ananya", "Diya", "Priya", "Saanvi", "Aisha", "Kavya", "Meera", "Fatima", "Sana", "Nisha",
)
SOUTH_ASIAN_LAST = (
    "Patel", "Shah", "Singh", "Kumar", "Sharma", "Gupta", "Reddy", "Desai", "Iyer", "Rao",
    "Khan", "Chaudhry", "Hussain", "Ahmed", "Rahman", "Islam", "Malik", "Qureshi",
)
FILIPINO_FIRST = (
    "Angelo", "Joshua", "Mark", "Paolo", "Miguel", "Jericho", "Kristine", "Maricel", "Angelica", "Jasmine",
    "Rowena", "Rhea", "Bea", "Carlo", "Jomar", "Lorna",
)
FILIPINO_LAST = (
    "Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Dela Cruz", "Villanueva", "Aquino",
    "Castillo", "Manalo", "Pascual", "Soriano",
)
HMONG_FIRST = ("Pa", "Mai", "Nou", "Kia", "Xee", "Tou", "Vang", "Chue", "Pheng", "Fue", "Neng", "Yia")
HMONG_LAST = ("Vang", "Xiong", "Thao", "Lee", "Yang", "Her", "Moua", "Lor", "Vue", "Khang", "Hang", "Lo")
ARABIC_FEMALE = (
    "Fatima", "Mariam", "Layla", "Noor", "Yasmin", "Amira", "Salma", "Hana", "Rania", "Zainab",
    "Lina", "Dalia", "Huda", "Rana", "Sara",
)
ARABIC_MALE = (
    "Mohammed", "Ahmad", "Ali", "Omar", "Yousef", "Khaled", "Hamza", "Ibrahim", "Mustafa", "Karim",
    "Tariq", "Samir", "Adam", "Rami", "Bilal",
)
ARABIC_LAST = (
    "Haddad", "Khoury", "Nasser", "Saleh", "Hamdan", "Abboud", "Mansour", "Darwish", "Aziz", "Farouk",
    "Hijazi", "Suleiman", "Al-Masri", "Kassem", "Yassin", "Shaheen",
)
SLAVIC_FEMALE = ("Anastasia", "Sofiya", "Daria", "Yulia", "Olena", "Kateryna", "Irina", "Natalia", "Polina", "Alina")
SLAVIC_MALE = ("Dmitri", "Mykola", "Oleksandr", "Ivan", "Andriy", "Maksym", "Sergei", "Bohdan", "Artem", "Yuri")
SLAVIC_LAST = (
    "Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Ivanov", "Petrov", "Smirnov", "Melnyk", "Kravchenko",
    "Popov", "Volkov", "Sokolov",
)
NATIVE_LAST = (
    "Begay", "Yazzie", "Benally", "Tsosie", "Whitehorse", "Littlewolf", "Redcloud", "Youngblood", "Cornsilk",
    "Deerinwater", "Standingbear", "Roanhorse", "Bigknife", "Wolfe",
)
PACIFIC_FIRST = ("Keoni", "Malia", "Kalani", "Leilani", "Sione", "Mele", "Tavita", "Losa", "Kai", "Noelani")
PACIFIC_LAST = ("Kealoha", "Fonoti", "Tuilagi", "Mahoe", "Faleolo", "Taufa", "Akana", "Kahale", "Tupou", "Vaifale")

# Short forms a student may go by; the record keeps the legal name too.
NICKNAMES = {
    "Alexander": "Alex", "Alejandro": "Alex", "Benjamin": "Ben", "Christopher": "Chris", "Daniel": "Danny",
    "Elizabeth": "Liz", "Francisco": "Paco", "Gabriel": "Gabe", "Gabriela": "Gaby", "Guadalupe": "Lupe",
    "Isabella": "Bella", "Jonathan": "Jon", "Joshua": "Josh", "Matthew": "Matt", "Michael": "Mike",
    "Nicolás": "Nico", "Samuel": "Sam", "Theodore": "Teddy", "Valentina": "Vale", "William": "Will",
    "Abdirahman": "Abdi", "Mohammed": "Mo", "Anastasia": "Nastya", "Oleksandr": "Sasha", "Jean": "JJ",
    "Kateryna": "Katya", "Natalia": "Talia", "Fernanda": "Fer", "Sebastián": "Sebas", "Emiliano": "Emi",
}

STREETS = (
    "Maple", "Oak", "Cedar", "Elm", "Pine", "Walnut", "Chestnut", "Willow", "Sycamore", "Birch", "Hickory",
    "Main", "Church", "High", "Mill", "River", "Lake", "Park", "Spring", "Sunset", "Highland", "Franklin",
    "Jefferson", "Madison", "Lincoln", "Washington", "Adams", "Jackson", "Monroe", "Grant", "Cherry", "Poplar",
    "Magnolia", "Dogwood", "Meadow", "Orchard", "Prospect", "Union", "Liberty", "Harmony", "Canal", "Bridge",
)
STREET_KINDS = ("Street", "Avenue", "Road", "Drive", "Lane", "Court", "Way", "Place", "Boulevard")
CITIES = ("Riverside", "Riverside", "Riverside", "Oak Hollow", "Millbrook", "East Riverside", "Cedar Falls",
          "Brookfield", "Fairview Heights")

# Names for schools; each is used once per kind of school (Lincoln Elementary and Lincoln Middle may coexist).
SCHOOL_NAMES = (
    "Lincoln", "Washington", "Roosevelt", "Jefferson", "Franklin", "Madison", "Kennedy", "Garfield", "Hamilton",
    "Harriet Tubman", "Cesar Chavez", "Sojourner Truth", "Frederick Douglass", "Amelia Earhart", "Sally Ride",
    "Rosa Parks", "Ruby Bridges", "Dolores Huerta", "Sonia Sotomayor", "Thurgood Marshall", "Jesse Owens",
    "Neil Armstrong", "John Glenn", "Wright Brothers", "Toni Morrison", "Paul Laurence Dunbar", "Maya Angelou",
    "Helen Keller", "Clara Barton", "Mae Jemison", "Katherine Johnson", "Langston Hughes", "Roberto Clemente",
    "Ellen Ochoa", "Daniel Inouye", "Wilma Mankiller", "Maria Montessori", "Mark Twain", "Louisa May Alcott",
    "Riverside", "Oak Grove", "Maple Ridge", "Cedar Creek", "Willow Brook", "Pine Hill", "Sycamore", "Hillcrest",
    "Lakeview", "Meadowbrook", "Fairview", "Brookside", "Parkside", "Sunnyside", "Westwood", "Eastgate",
    "Northfield", "Southview", "Highland", "Valley View", "Prairie", "Stonebridge", "Millbrook", "Cherry Hill",
    "Forest Park", "Glenwood", "Heritage", "Liberty", "Pioneer", "Summit", "Horizon", "Discovery", "Harmony",
    "Bridgeport", "Canal Winchester", "Indian Creek", "Deer Run", "Fox Chase", "Eagle Ridge", "Heron Pond",
    "Blue Spruce", "Red Oak", "Silver Lake", "Golden Meadow", "Clearwater", "Spring Valley", "Aspen",
)
